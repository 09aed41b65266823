using System.ComponentModel.DataAnnotations;
using Hongbao.Silo.Storage.Sqlite;

namespace Hongbao.Silo.Storage;

/// <summary>Where grain state, reminders and (on PostgreSQL) cluster membership live, bound from "Hongbao:Storage".</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Hongbao:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file of the embedded engine; relative paths are taken from the working directory.</summary>
    [Required] public string SqlitePath { get; set; } = "data/hongbao.db";

    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>How long a write waits for SQLite's single writer lock before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Grain changes committed in one transaction at most. 1 gives one transaction per change: the per-grain cost
    /// model, kept as the benchmark baseline.
    /// </summary>
    [Range(1, 100_000)] public int BatchMax { get; set; } = 512;

    /// <summary>Bytes of changes in one transaction at most (a single larger change still goes alone).</summary>
    [Range(1_024, 1_073_741_824)] public long BatchBytesMax { get; set; } = 4 * 1024 * 1024;

    /// <summary>An Npgsql connection string, required when <see cref="Provider"/> is Postgres.</summary>
    public string? PostgresConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult(
                "Hongbao:Storage:PostgresConnectionString is required when Hongbao:Storage:Provider is Postgres (e.g. Host=127.0.0.1;Port=5432;Database=hongbao;Username=hongbao).",
                [nameof(PostgresConnectionString)]);
        }
    }

    /// <summary>Reads and validates the section at build time, when the providers must be chosen.</summary>
    public static StorageOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new StorageOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(Section), options);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new InvalidOperationException("Invalid storage configuration: " + string.Join(" ", errors.Select(e => e.ErrorMessage)));
        }

        return options;
    }
}
