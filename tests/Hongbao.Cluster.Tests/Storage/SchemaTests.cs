using System.Text;
using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Silo.Storage.Postgres;
using Npgsql;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The schema is applied at every silo start, possibly by several silos at once, on a live database.</summary>
[Collection(StorageCollection.Name)]
public sealed class SchemaTests(PostgresServer server)
{
    /// <summary>Every key the three providers require (persistence 3, clustering 9, reminders 7) and nothing else.</summary>
    private static readonly string[] ProviderKeys =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Applies_twice_and_keeps_data_while_restoring_the_queries()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);
        var queries = new StoredQueries(dataSource);
        var key = GrainKey.String("svc", "alice");
        Assert.Single(await queries.QueryAsync("WriteToStorageKey", key.Write(null, Encoding.UTF8.GetBytes("kept"))));
        await ExecuteAsync(dataSource, "UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'ReadFromStorageKey'");

        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);

        Assert.Equal(ProviderKeys.Order(StringComparer.Ordinal), await KeysAsync(dataSource));
        var row = Assert.Single(await queries.QueryAsync("ReadFromStorageKey", key.Identity()));
        Assert.Equal("kept", Encoding.UTF8.GetString((byte[])row["PayloadBinary"]!));
    }

    [Fact]
    public async Task Nodes_starting_together_apply_it_concurrently_without_error()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nodes = Enumerable.Range(0, 4).Select(async _ =>
        {
            await go.Task;
            await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);
        }).ToList();

        go.SetResult();
        await Task.WhenAll(nodes);

        Assert.Equal(ProviderKeys.Order(StringComparer.Ordinal), await KeysAsync(dataSource));
    }

    private static async Task<IEnumerable<string>> KeysAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
