using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Grains.Persistence;
using Hongbao.Storage.Postgres;
using Hongbao.Storage.Rows;
using Hongbao.Testing.StorageContract;
using Npgsql;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The storage contract on a real PostgreSQL: one NpgsqlBatch per transaction, each change with its own checks.</summary>
[Collection(StorageCollection.Name)]
public sealed class PostgresRowStoreContractTests(PostgresServer server) : RowStoreContract
{
    private NpgsqlDataSource? dataSource;

    protected override async Task<IRowDatabase> CreateDatabaseAsync()
    {
        dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);
        return new PostgresRowDatabase(dataSource);
    }

    /// <summary>
    /// After PostgreSQL restarts (a failover, an immediate shutdown) every idle pooled connection is dead. A read is
    /// safe to repeat, so it must not fail for a connection that died while idle: the nemesis test found the first
    /// reads after a restart failing, one for each pooled connection.
    /// </summary>
    [Fact]
    public async Task Reads_after_the_server_restarted_succeed_on_pooled_connections_that_died_idle()
    {
        Database.Release();
        IWalletRows wallets = Store;
        Assert.Equal(RowWriteOutcome.Committed, await wallets.WriteAsync(WalletWrites.Opening("restart", 7, "op-restart")));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => wallets.ReadAsync("user:restart")));

        await server.StopAsync();
        await server.StartAsync();

        for (var read = 0; read < 6; read++)
        {
            Assert.Equal(7, (await wallets.ReadAsync("user:restart"))!.BalanceFen);
        }
    }

    /// <summary>
    /// PostgreSQL text cannot hold U+0000 (SQLSTATE 22021). Such a change fails alone, with the database's error; the
    /// changes that shared its transaction commit.
    /// </summary>
    [Fact]
    public async Task A_change_the_database_refuses_for_its_data_fails_alone_and_the_rest_commit()
    {
        var opener = Store.WriteAsync(WalletWrites.Opening("opener", 1, "op-opener"));
        await Database.Holding;
        var good = Enumerable.Range(1, 3).Select(i => Store.WriteAsync(WalletWrites.Opening($"g{i}", i, $"op-{i}"))).ToList();
        var bad = Store.WriteAsync(WalletWrites.Opening("bad", 1, "op-a\u0000b"));
        Database.Release();

        Assert.Equal(RowWriteOutcome.Committed, await opener);
        var error = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, error.SqlState);
        Assert.All(await Task.WhenAll(good), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Null(await ((IWalletRows)Store).ReadAsync("user:bad"));
        Assert.Equal(2, (await ((IWalletRows)Store).ReadAsync("user:g2"))!.BalanceFen);
    }

    /// <summary>
    /// Two writers (two silos) whose batches credit the same wallets in opposite orders: row locks taken in arrival
    /// order could deadlock (40P01) and fail every change of the losing batch. Batches lock in key order instead.
    /// </summary>
    [Fact]
    public async Task Writers_crediting_the_same_wallets_in_opposite_orders_never_fail()
    {
        Database.Release();
        const int wallets = 40;
        for (var round = 0; round < 10; round++)
        {
            var ascending = new PausableRowDatabase(Database);
            var descending = new PausableRowDatabase(Database);
            var first = StoreOn(ascending);
            var second = StoreOn(descending);
            var openers = new[] { first.CreditAsync(WalletWrites.UnreadCredit("opener-a", 1, $"env_{round}")), second.CreditAsync(WalletWrites.UnreadCredit("opener-b", 1, $"env_{round}")) };
            await Task.WhenAll(ascending.Holding, descending.Holding);
            var credits = Enumerable.Range(0, wallets)
                .SelectMany(i => new[]
                {
                    first.CreditAsync(WalletWrites.UnreadCredit($"w{i:D2}", 1, $"env_a{round}")),
                    second.CreditAsync(WalletWrites.UnreadCredit($"w{wallets - 1 - i:D2}", 1, $"env_b{round}")),
                })
                .ToList();
            ascending.Release();
            descending.Release();

            Assert.All(await Task.WhenAll(openers.Concat(credits)), outcome => Assert.Equal(RowWriteOutcome.Committed, outcome));
        }

        Assert.Equal(20, (await ((IWalletRows)Store).ReadAsync("user:w07"))!.BalanceFen);
    }

    protected override async ValueTask DisposeDatabaseAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
