using System.ComponentModel.DataAnnotations;
using Hongbao.Silo.Storage.Sqlite;

namespace Hongbao.Silo.Storage;

/// <summary>Where grain state and reminders live, bound from "Hongbao:Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "Hongbao:Storage";

    /// <summary>The SQLite file of the embedded engine; relative paths are taken from the working directory.</summary>
    [Required] public string SqlitePath { get; set; } = "data/hongbao.db";

    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>How long a write waits for SQLite's single writer lock before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
