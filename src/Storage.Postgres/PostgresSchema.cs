using Npgsql;

namespace Hongbao.Storage.Postgres;

/// <summary>
/// Creates or updates the schema and the providers' queries; safe to run at every start, and by several
/// nodes at once: a transaction-scoped advisory lock makes them take turns.
/// </summary>
public static class PostgresSchema
{
    /// <summary>An arbitrary constant naming Hongbao's schema lock ("hongbao" in ASCII).</summary>
    private const long SchemaLockKey = 0x686F6E6762616F;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await RefuseOtherLayoutsAsync(connection, transaction, cancellationToken);
        await using (var script = new NpgsqlCommand(await ReadScriptAsync(cancellationToken), connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task RefuseOtherLayoutsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var name = $"The PostgreSQL database '{connection.Database}'";
        if (await TableExistsAsync(connection, transaction, "hongbao_grain_state", cancellationToken)
            && await ScalarAsync(connection, transaction, SchemaVersion.LegacyStateQuery, cancellationToken) is > 0)
        {
            throw SchemaVersion.LegacyLayout(name);
        }

        if (await TableExistsAsync(connection, transaction, "hongbao_schema", cancellationToken)
            && await ScalarAsync(connection, transaction, SchemaVersion.StoredVersionQuery, cancellationToken) is { } stored
            && stored > SchemaVersion.Current)
        {
            throw SchemaVersion.NewerLayout(name, stored);
        }
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            long value => value,
            int value => value,
            _ => null,
        };
    }

    private static async Task<string> ReadScriptAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream("Hongbao.Storage.Postgres.schema.sql")
            ?? throw new InvalidOperationException("The PostgreSQL schema script is not embedded in the silo assembly.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
