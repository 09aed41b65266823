using Microsoft.Data.Sqlite;

namespace Hongbao.Tests.Infrastructure;

/// <summary>Direct reads and writes of the engine's SQLite file, to see (and disturb) what storage holds beneath the grains.</summary>
public static class SqliteProbe
{
    /// <summary>The version of an envelope's header row: how many writes it has had.</summary>
    public static Task<long> EnvelopeVersionAsync(string databasePath, string envelopeId) =>
        ScalarAsync(databasePath, "SELECT version FROM hongbao_envelope WHERE envelope_id = $key", envelopeId);

    public static Task<long> ChunkCountAsync(string databasePath, string envelopeId) =>
        ScalarAsync(databasePath, "SELECT count(*) FROM hongbao_envelope_chunk WHERE envelope_id = $key", envelopeId);

    public static Task<long> LedgerRowCountAsync(string databasePath, string userId) =>
        ScalarAsync(databasePath, "SELECT count(*) FROM hongbao_ledger WHERE wallet_id = $key", "user:" + userId);

    /// <summary>Moves a wallet's row version on behind the grain's back, as a second (stale or newer) activation would.</summary>
    public static async Task BumpWalletVersionAsync(string databasePath, string userId)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE hongbao_wallet SET version = version + 1 WHERE wallet_id = $key";
        command.Parameters.AddWithValue("$key", "user:" + userId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Holds SQLite's single writer lock until disposed: every write elsewhere fails after its busy timeout.</summary>
    public static async Task<IAsyncDisposable> HoldWriteLockAsync(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private static async Task<long> ScalarAsync(string databasePath, string sql, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
