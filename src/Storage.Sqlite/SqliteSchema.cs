using Microsoft.Data.Sqlite;

namespace Hongbao.Storage.Sqlite;

/// <summary>
/// Creates or updates the schema and the providers' queries; safe to run at every start. Refuses a database written
/// in another layout (<see cref="SchemaVersion"/>) rather than misread it.
/// </summary>
public static class SqliteSchema
{
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await RefuseOtherLayoutsAsync(connection, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = await ReadScriptAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RefuseOtherLayoutsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var name = $"The SQLite database {connection.DataSource}";
        if (await TableExistsAsync(connection, "hongbao_grain_state", cancellationToken)
            && await ScalarAsync(connection, SchemaVersion.LegacyStateQuery, cancellationToken) is > 0)
        {
            throw SchemaVersion.LegacyLayout(name);
        }

        if (await TableExistsAsync(connection, "hongbao_schema", cancellationToken)
            && await ScalarAsync(connection, SchemaVersion.StoredVersionQuery, cancellationToken) is { } stored
            && stored > SchemaVersion.Current)
        {
            throw SchemaVersion.NewerLayout(name, stored);
        }
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private static async Task<long?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken) is long value ? value : null;
    }

    private static async Task<string> ReadScriptAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream("Hongbao.Storage.Sqlite.schema.sql")
            ?? throw new InvalidOperationException("The SQLite schema script is not embedded in the silo assembly.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
