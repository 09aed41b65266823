namespace Hongbao.Storage.Sqlite;

/// <summary>
/// SQLite's durability level in WAL mode. Full: every commit is fsynced before it returns, so an
/// acknowledged grab survives a power loss or OS crash. Normal: commits survive a process crash, but the
/// last ones can be lost on power loss (the database stays consistent); several times faster.
/// </summary>
public enum SqliteSynchronous
{
    Full = 0,
    Normal = 1,
}
