using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Storage.Postgres;
using Npgsql;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The schema is applied at every silo start, possibly by several silos at once, on a live database.</summary>
[Collection(StorageCollection.Name)]
public sealed class SchemaTests(PostgresServer server)
{
    /// <summary>Every key the two ADO.NET providers require (clustering 9, reminders 7) and nothing else.</summary>
    private static readonly string[] ProviderKeys =
    [
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
        await ExecuteAsync(dataSource, "INSERT INTO hongbao_wallet VALUES ('svc', 'user:alice', 1, 70, 70, 1, NULL)");
        await ExecuteAsync(dataSource, "UPDATE OrleansQuery SET QueryText = 'SELECT 1' WHERE QueryKey = 'GatewaysQueryKey'");

        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);

        Assert.Equal(ProviderKeys.Order(StringComparer.Ordinal), await KeysAsync(dataSource));
        Assert.NotEqual("SELECT 1", await ScalarAsync(dataSource, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'"));
        Assert.Equal(70L, await ScalarAsync(dataSource, "SELECT balance_fen FROM hongbao_wallet WHERE wallet_id = 'user:alice'"));
        Assert.Equal(2, await ScalarAsync(dataSource, "SELECT version FROM hongbao_schema"));
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

    [Fact]
    public async Task A_database_in_the_old_blob_layout_is_refused_with_the_fix_and_left_untouched()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await ExecuteAsync(dataSource, "CREATE TABLE hongbao_grain_state (service_id text, state_name text, grain_id_ext text, payload bytea)");
        await ExecuteAsync(dataSource, "INSERT INTO hongbao_grain_state VALUES ('svc', 'wallet', 'user:alice', '\\x00')");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.ApplyAsync(dataSource, CancellationToken.None));

        Assert.Contains("schema version 1", refused.Message);
        Assert.Contains("new, empty database", refused.Message);
        Assert.Null(await ScalarAsync(dataSource, "SELECT to_regclass('hongbao_wallet')::text"));
    }

    [Fact]
    public async Task A_database_written_by_a_newer_build_is_refused()
    {
        await using var dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);
        await ExecuteAsync(dataSource, "UPDATE hongbao_schema SET version = 3");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.ApplyAsync(dataSource, CancellationToken.None));

        Assert.Contains("schema version 3", refused.Message);
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

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
