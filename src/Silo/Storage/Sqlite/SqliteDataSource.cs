using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Hongbao.Silo.Storage.Sqlite;

/// <summary>
/// Opens SQLite connections for the Orleans providers with the per-connection settings they cannot set
/// themselves: the durability level and a busy timeout (WAL allows one writer; the others wait, not fail).
/// Opening happens off the caller's thread, so a grain keeps deciding while its previous write runs.
/// </summary>
public sealed class SqliteDataSource(string connectionString, SqliteSynchronous synchronous, TimeSpan busyTimeout) : DbDataSource
{
    public override string ConnectionString { get; } = connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(ConnectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        ApplySettings(connection);
        return connection;
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await Task.Run(OpenDbConnection, cancellationToken).ConfigureAwait(false);

    private void ApplySettings(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()}; PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};";
        command.ExecuteNonQuery();
    }
}
