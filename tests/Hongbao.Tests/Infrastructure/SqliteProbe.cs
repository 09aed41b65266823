using Microsoft.Data.Sqlite;

namespace Hongbao.Tests.Infrastructure;

/// <summary>Direct reads of the engine's SQLite file, to see what storage holds beneath the grains.</summary>
public static class SqliteProbe
{
    public static async Task<long> StateVersionAsync(string databasePath, string stateName, string grainKey)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM hongbao_grain_state WHERE state_name = $name AND grain_id_ext = $key";
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$key", grainKey);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }

    public static async Task<long> RowCountAsync(string databasePath, string stateNamePattern, string grainKey)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM hongbao_grain_state WHERE state_name LIKE $pattern AND grain_id_ext = $key";
        command.Parameters.AddWithValue("$pattern", stateNamePattern);
        command.Parameters.AddWithValue("$key", grainKey);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
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
}
