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

    protected override async ValueTask DisposeDatabaseAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
