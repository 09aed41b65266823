using System.ComponentModel.DataAnnotations;

namespace Hongbao.Storage.Sqlite;

/// <summary>The SQLite backend's settings, bound from "Hongbao:Storage:Sqlite".</summary>
public sealed class SqliteStorageOptions
{
    public const string Section = StorageOptions.Section + ":Sqlite";

    /// <summary>The database file; a relative path is taken from the working directory.</summary>
    [Required] public string Path { get; set; } = "data/hongbao.db";

    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>How long a write waits for SQLite's single writer lock before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
