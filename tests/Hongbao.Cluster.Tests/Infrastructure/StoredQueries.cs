using System.Data.Common;
using Npgsql;

namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>
/// Runs the queries stored in OrleansQuery the way the providers do: the text verbatim, unprefixed parameters,
/// every row of every result set, read by column name.
/// </summary>
public sealed class StoredQueries(NpgsqlDataSource dataSource)
{
    public async Task<string> TextAsync(string key)
    {
        await using var command = dataSource.CreateCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key");
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException($"OrleansQuery has no '{key}'.");
    }

    public async Task<IReadOnlyList<Row>> QueryAsync(string key, params Arg[] arguments)
    {
        var text = await TextAsync(key);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = Command(connection, text, arguments);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        do
        {
            while (await reader.ReadAsync())
            {
                rows.Add(Row.From(reader));
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }

    /// <summary>The single row and column that Insert/Update membership and DeleteReminderRow answer with.</summary>
    public async Task<bool> FlagAsync(string key, params Arg[] arguments)
    {
        var rows = await QueryAsync(key, arguments);
        var row = Assert.Single(rows);
        Assert.Equal(1, row.Count);
        return Convert.ToBoolean(row[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string key, params Arg[] arguments)
    {
        var text = await TextAsync(key);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = Command(connection, text, arguments);
        await command.ExecuteNonQueryAsync();
    }

    private static DbCommand Command(DbConnection connection, string text, Arg[] arguments)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var argument in arguments)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = argument.Name;
            parameter.DbType = argument.Type;
            parameter.Direction = System.Data.ParameterDirection.Input;
            parameter.Value = argument.Value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
