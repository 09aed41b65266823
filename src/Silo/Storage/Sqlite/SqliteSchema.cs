using Microsoft.Data.Sqlite;

namespace Hongbao.Silo.Storage.Sqlite;

/// <summary>Creates or updates the schema and the providers' queries; safe to run at every start.</summary>
public static class SqliteSchema
{
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = await ReadScriptAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> ReadScriptAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream("Hongbao.Silo.Storage.Sqlite.schema.sql")
            ?? throw new InvalidOperationException("The SQLite schema script is not embedded in the silo assembly.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
