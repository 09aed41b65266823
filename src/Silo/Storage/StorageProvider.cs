namespace Hongbao.Silo.Storage;

public enum StorageProvider
{
    /// <summary>One SQLite file: the embedded engine, one process.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL: grain state, reminders and cluster membership for many silos.</summary>
    Postgres = 1,
}
