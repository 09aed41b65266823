using System.Collections.Immutable;
using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Wallets;
using Hongbao.Silo.Storage;
using Hongbao.Silo.Storage.Postgres;
using Hongbao.Silo.Storage.Rows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>Cross-grain group commit on a real PostgreSQL: one NpgsqlBatch per transaction, each change with its own checks.</summary>
[Collection(StorageCollection.Name)]
public sealed class RowStoreContractTests(PostgresServer server) : IAsyncLifetime
{
    private readonly ServiceProvider services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private NpgsqlDataSource dataSource = null!;
    private PausableRowDatabase database = null!;
    private CommitQueue queue = null!;
    private RowStore store = null!;

    public async ValueTask InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await PostgresSchema.ApplyAsync(dataSource, CancellationToken.None);
        database = new PausableRowDatabase(new PostgresRowDatabase(dataSource));
        queue = new CommitQueue(database, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        store = new RowStore(database, queue, services.GetRequiredService<Serializer>(), Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = "rows" }));
    }

    [Fact]
    public async Task Changes_share_one_transaction_and_a_stale_or_duplicate_change_fails_alone()
    {
        var opener = store.WriteAsync(WalletWrites.Opening("opener", 1, "op-opener"));
        await database.Holding;
        var fresh = Enumerable.Range(1, 4).Select(i => store.WriteAsync(WalletWrites.Opening($"w{i}", 10 * i, $"op-{i}"))).ToList();
        var duplicateOfOpener = store.WriteAsync(WalletWrites.Opening("twin", 1, "op-1") with { WalletKey = "user:w1", ExpectedVersion = null });
        database.Release();

        Assert.Equal(RowWriteOutcome.Committed, await opener);
        Assert.All(await Task.WhenAll(fresh), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal(RowWriteOutcome.VersionConflict, await duplicateOfOpener);

        var stale = await store.WriteAsync(WalletWrites.Credit("w2", expectedVersion: 9, balanceBeforeFen: 20, amountFen: 5, "op-c2"));
        var again = await store.WriteAsync(WalletWrites.Credit("w3", expectedVersion: 1, balanceBeforeFen: 30, amountFen: 5, "op-3"));
        var good = await store.WriteAsync(WalletWrites.Credit("w4", expectedVersion: 1, balanceBeforeFen: 40, amountFen: 5, "op-c4"));

        Assert.Equal(RowWriteOutcome.VersionConflict, stale);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, again);
        Assert.Equal(RowWriteOutcome.Committed, good);
        Assert.Equal([1, 5], database.Attempts.Take(2));
        Assert.Equal(20, (await ((IWalletRows)store).ReadAsync("user:w2"))!.BalanceFen);
        Assert.Equal(30, (await ((IWalletRows)store).ReadAsync("user:w3"))!.BalanceFen);
        Assert.Equal(45, (await ((IWalletRows)store).ReadAsync("user:w4"))!.BalanceFen);
        Assert.Equal(2, (await store.ReadLedgerAsync("user:w4", null, 10)).Count);
        Assert.Equal("op-c4", (await store.FindOperationAsync("user:w4", "op-c4"))!.OperationId);
    }

    [Fact]
    public async Task An_envelope_round_trips_its_header_chunks_and_chunk_size()
    {
        database.Release();
        var grabs = Enumerable.Range(0, 16).Select(i => new Grab($"u{i}", 2, DateTimeOffset.UnixEpoch.AddSeconds(i))).ToImmutableList();
        var header = new EnvelopeState { EnvelopeId = "env_pg", TotalFen = 100, Shares = 50, RemainingFen = 100 };
        Assert.Equal(RowWriteOutcome.Committed, await store.WriteAsync(new EnvelopeWrite("env_pg", null, 16, header, [])));
        var sealedHeader = header with { SealedGrabCount = 16, PaidFen = 32, RemainingFen = 68 };
        Assert.Equal(RowWriteOutcome.Committed, await store.WriteAsync(new EnvelopeWrite("env_pg", 1, 16, sealedHeader, [new SealedChunk(0, new GrabChunk(grabs))])));
        Assert.Equal(RowWriteOutcome.VersionConflict, await store.WriteAsync(new EnvelopeWrite("env_pg", 1, 16, sealedHeader, [new SealedChunk(0, new GrabChunk(grabs.Reverse()))])));

        var stored = await store.ReadAsync("env_pg");

        Assert.Equal((2L, 16), (stored!.Version, stored.GrabChunkSize));
        Assert.Equal(grabs, Assert.Single(stored.Chunks).Grabs);
        Assert.Equal(68, stored.Header.RemainingFen);
    }

    [Fact]
    public async Task A_credit_without_a_read_adds_to_the_stored_balance_once_and_chains_the_ledger()
    {
        database.Release();
        await RowStoreChecks.UnreadCreditAddsOnceAndChainsTheLedgerAsync(store);
    }

    public async ValueTask DisposeAsync()
    {
        database.Release();
        await queue.DisposeAsync();
        await dataSource.DisposeAsync();
        await services.DisposeAsync();
    }
}
