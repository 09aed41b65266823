using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Wallets;
using Hongbao.Silo.Storage;
using Hongbao.Silo.Storage.Rows;
using Hongbao.Silo.Storage.Sqlite;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Hongbao.Tests.Persistence;

/// <summary>Cross-grain group commit on a real SQLite file: many grains' changes in one transaction, each with its own checks.</summary>
public sealed class CommitQueueTests : IAsyncLifetime
{
    private readonly TempDatabase database = new();
    private readonly ServiceProvider services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private SqliteDataSource dataSource = null!;
    private SqliteRowDatabase rows = null!;
    private PausableRowDatabase pausable = null!;
    private CommitQueue queue = null!;
    private RowStore store = null!;

    public async ValueTask InitializeAsync()
    {
        dataSource = new SqliteDataSource($"Data Source={database.Path}", SqliteSynchronous.Full, TimeSpan.FromMilliseconds(200));
        await SqliteSchema.ApplyAsync(dataSource.ConnectionString, CancellationToken.None);
        rows = new SqliteRowDatabase(dataSource);
        pausable = new PausableRowDatabase(rows);
        queue = new CommitQueue(pausable, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        store = new RowStore(pausable, queue, services.GetRequiredService<Serializer>(), Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = "queue-tests" }));
    }

    [Fact]
    public async Task Changes_of_many_wallets_share_one_transaction_and_a_change_that_cannot_apply_fails_alone()
    {
        var first = store.WriteAsync(WalletWrites.Opening("first", 1, "op-first"));
        await pausable.Holding;
        var fresh = Enumerable.Range(1, 5).Select(i => store.WriteAsync(WalletWrites.Opening($"w{i}", 10 * i, $"op-{i}"))).ToList();
        pausable.Release();
        Assert.Equal(RowWriteOutcome.Committed, await first);
        Assert.All(await Task.WhenAll(fresh), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal([1, 5], pausable.Attempts);

        // Behind a held writer: four good changes, one stale version, one operation applied before.
        var holdAgain = new PausableRowDatabase(rows);
        var queue2 = new CommitQueue(holdAgain, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        var store2 = new RowStore(holdAgain, queue2, services.GetRequiredService<Serializer>(), Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = "queue-tests" }));
        var opener = store2.WriteAsync(WalletWrites.Opening("opener", 1, "op-opener"));
        await holdAgain.Holding;
        var good = Enumerable.Range(1, 4).Select(i => store2.WriteAsync(WalletWrites.Credit($"w{i}", expectedVersion: 1, balanceBeforeFen: 10 * i, amountFen: 5, $"op-credit-{i}"))).ToList();
        var stale = store2.WriteAsync(WalletWrites.Credit("w5", expectedVersion: 7, balanceBeforeFen: 50, amountFen: 5, "op-credit-5"));
        var duplicate = store2.WriteAsync(WalletWrites.Credit("first", expectedVersion: 1, balanceBeforeFen: 1, amountFen: 5, "op-first"));
        holdAgain.Release();

        Assert.Equal(RowWriteOutcome.Committed, await opener);
        Assert.All(await Task.WhenAll(good), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal(RowWriteOutcome.VersionConflict, await stale);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await duplicate);
        Assert.Equal([1, 6, 4], holdAgain.Attempts);
        for (var i = 1; i <= 4; i++)
        {
            var wallet = await ((IWalletRows)store).ReadAsync($"user:w{i}");
            Assert.Equal((2, 10 * i + 5), (wallet!.Version, wallet.BalanceFen));
        }

        Assert.Equal((1, 50), await VersionAndBalanceAsync("w5"));
        Assert.Equal((1, 1), await VersionAndBalanceAsync("first"));
        Assert.Single(await store.ReadLedgerAsync("user:first", null, 10));
        await queue2.DisposeAsync();
    }

    [Fact]
    public async Task A_change_refused_before_it_wrote_leaves_the_others_committed_in_the_same_transaction()
    {
        var paid = store.CreditAsync(WalletWrites.UnreadCredit("paid", 5, "env_a"));
        await pausable.Holding;
        var good = Enumerable.Range(1, 3).Select(i => store.CreditAsync(WalletWrites.UnreadCredit($"c{i}", i, "env_a"))).ToList();
        var stale = store.WriteAsync(WalletWrites.Credit("paid", expectedVersion: 9, balanceBeforeFen: 5, amountFen: 5, "op-stale"));
        var redelivered = store.CreditAsync(WalletWrites.UnreadCredit("paid", 5, "env_a"));
        pausable.Release();

        Assert.Equal(RowWriteOutcome.Committed, await paid);
        Assert.All(await Task.WhenAll(good), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal(RowWriteOutcome.VersionConflict, await stale);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await redelivered);
        Assert.Equal([1, 5], pausable.Attempts);
        Assert.Equal((1, 5), await VersionAndBalanceAsync("paid"));
        Assert.Single(await store.ReadLedgerAsync("user:paid", null, 10));
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal((1, i), await VersionAndBalanceAsync($"c{i}"));
        }
    }

    [Fact]
    public async Task A_transaction_that_fails_acknowledges_none_of_its_changes()
    {
        var first = store.WriteAsync(WalletWrites.Opening("a", 1, "op-a"));
        await pausable.Holding;
        var queued = Enumerable.Range(1, 5).Select(i => store.WriteAsync(WalletWrites.Opening($"b{i}", i, $"op-b{i}"))).ToList();
        pausable.FailNextBatch = new InvalidOperationException("disk on fire");
        pausable.Release();

        Assert.Equal(RowWriteOutcome.Committed, await first);
        Assert.Equal([1, 5], pausable.Attempts);
        foreach (var write in queued)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => write);
        }

        for (var i = 1; i <= 5; i++)
        {
            Assert.Null(await ((IWalletRows)store).ReadAsync($"user:b{i}"));
        }

        Assert.Equal(RowWriteOutcome.Committed, await store.WriteAsync(WalletWrites.Opening("b1", 1, "op-b1")));
        Assert.Equal((1, 1), await VersionAndBalanceAsync("b1"));
    }

    [Fact]
    public async Task An_envelope_chunk_is_inserted_once_and_a_stale_header_cannot_seal_over_it()
    {
        pausable.Release();
        var grabs = Enumerable.Range(0, 16).Select(i => new Grab($"u{i}", 1, DateTimeOffset.UnixEpoch)).ToImmutableList();
        var header = new EnvelopeState { EnvelopeId = "env_x", TotalFen = 100, Shares = 100, RemainingFen = 100 };
        Assert.Equal(RowWriteOutcome.Committed, await store.WriteAsync(new EnvelopeWrite("env_x", null, 16, header, [])));
        var sealedHeader = header with { SealedGrabCount = 16, PaidFen = 16, RemainingFen = 84 };
        Assert.Equal(RowWriteOutcome.Committed, await store.WriteAsync(new EnvelopeWrite("env_x", 1, 16, sealedHeader, [new SealedChunk(0, new GrabChunk(grabs))])));

        // A stale activation (still at version 1) tries to seal other grabs into chunk 0.
        var other = grabs.Select(g => g with { UserId = "x" + g.UserId }).ToImmutableList();
        Assert.Equal(RowWriteOutcome.VersionConflict, await store.WriteAsync(new EnvelopeWrite("env_x", 1, 16, sealedHeader, [new SealedChunk(0, new GrabChunk(other))])));

        var stored = await store.ReadAsync("env_x");
        Assert.Equal(2, stored!.Version);
        Assert.Equal(16, stored.GrabChunkSize);
        Assert.Equal(grabs, Assert.Single(stored.Chunks).Grabs);
    }

    [Fact]
    public async Task A_credit_without_a_read_adds_to_the_stored_balance_once_and_chains_the_ledger()
    {
        pausable.Release();
        await RowStoreChecks.UnreadCreditAddsOnceAndChainsTheLedgerAsync(store);
    }

    private async Task<(long Version, long BalanceFen)> VersionAndBalanceAsync(string userId)
    {
        var wallet = await ((IWalletRows)store).ReadAsync("user:" + userId);
        return (wallet!.Version, wallet.BalanceFen);
    }


    public async ValueTask DisposeAsync()
    {
        pausable.Release();
        await queue.DisposeAsync();
        rows.Dispose();
        await dataSource.DisposeAsync();
        await services.DisposeAsync();
        database.Dispose();
    }
}
