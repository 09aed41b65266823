using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Hongbao.Storage;

/// <summary>
/// What every backend shares, bound from "Hongbao:Storage": which backend holds the engine's data, and how the commit
/// queue batches. Each backend binds its own settings from a section under it ("Hongbao:Storage:Sqlite", ...).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Hongbao:Storage";

    /// <summary>The backend's name, as <see cref="Backends.IStorageBackend.Name"/> gives it.</summary>
    [Required] public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// Grain changes committed in one transaction at most. 1 gives one transaction per change: the per-grain cost
    /// model, kept as the benchmark baseline.
    /// </summary>
    [Range(1, 100_000)] public int BatchMax { get; set; } = 512;

    /// <summary>Bytes of changes in one transaction at most (a single larger change still goes alone).</summary>
    [Range(1_024, 1_073_741_824)] public long BatchBytesMax { get; set; } = 4 * 1024 * 1024;

    /// <summary>Reads and validates the section at build time, when the backend must be chosen.</summary>
    public static StorageOptions From(IConfiguration configuration) =>
        OptionsReader.Read<StorageOptions>(configuration, Section);
}
