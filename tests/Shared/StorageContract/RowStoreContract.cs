using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Persistence;
using Hongbao.Storage;
using Hongbao.Storage.Rows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Hongbao.Testing.StorageContract;

/// <summary>
/// What every storage backend must do beneath the row store: the behaviour of <see cref="IEnvelopeRows"/>,
/// <see cref="IWalletRows"/> and the <see cref="CommitQueue"/> on a real database. Each backend's test project
/// subclasses it with a fresh, schema-applied database; a backend cannot drift from the others without a red test.
/// </summary>
public abstract class RowStoreContract : IAsyncLifetime
{
    private readonly ServiceProvider services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly List<CommitQueue> queues = [];

    /// <summary>The database under test, its writer held at its first transaction until a test releases it.</summary>
    protected PausableRowDatabase Database { get; private set; } = null!;

    protected RowStore Store { get; private set; } = null!;

    /// <summary>A new, empty database of the backend with its schema applied.</summary>
    protected abstract Task<IRowDatabase> CreateDatabaseAsync();

    protected abstract ValueTask DisposeDatabaseAsync();

    public async ValueTask InitializeAsync()
    {
        Database = new PausableRowDatabase(await CreateDatabaseAsync());
        Store = StoreOn(Database);
    }

    public async ValueTask DisposeAsync()
    {
        Database.Release();
        foreach (var queue in queues)
        {
            await queue.DisposeAsync();
        }

        await DisposeDatabaseAsync();
        await services.DisposeAsync();
    }

    /// <summary>A second row store on the same database, with a writer of its own (held until released).</summary>
    protected RowStore StoreOn(PausableRowDatabase database)
    {
        var queue = new CommitQueue(database, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        queues.Add(queue);
        return new RowStore(database, queue, services.GetRequiredService<Serializer>(), Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ServiceId = "contract" }));
    }

    [Fact]
    public async Task Nothing_is_read_for_what_was_never_written()
    {
        Database.Release();

        Assert.Null(await Store.ReadAsync("env_none"));
        Assert.Null(await Wallets.ReadAsync("user:nobody"));
        Assert.Null(await Store.FindOperationAsync("user:nobody", "op"));
        Assert.Empty(await Store.ReadLedgerAsync("user:nobody", null, 10));
    }

    [Fact]
    public async Task Changes_of_many_wallets_share_one_transaction_and_a_change_that_cannot_apply_fails_alone()
    {
        var opener = Store.WriteAsync(WalletWrites.Opening("opener", 1, "op-opener"));
        await Database.Holding;
        var fresh = Enumerable.Range(1, 4).Select(i => Store.WriteAsync(WalletWrites.Opening($"w{i}", 10 * i, $"op-{i}"))).ToList();
        var twinOfW1 = Store.WriteAsync(WalletWrites.Opening("twin", 1, "op-1") with { WalletKey = "user:w1" });
        Database.Release();

        Assert.Equal(RowWriteOutcome.Committed, await opener);
        Assert.All(await Task.WhenAll(fresh), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal(RowWriteOutcome.VersionConflict, await twinOfW1);
        Assert.Equal([1, 5], Database.Attempts.Take(2));

        var stale = await Store.WriteAsync(WalletWrites.Credit("w2", expectedVersion: 9, balanceBeforeFen: 20, amountFen: 5, "op-c2"));
        var again = await Store.WriteAsync(WalletWrites.Credit("w3", expectedVersion: 1, balanceBeforeFen: 30, amountFen: 5, "op-3"));
        var good = await Store.WriteAsync(WalletWrites.Credit("w4", expectedVersion: 1, balanceBeforeFen: 40, amountFen: 5, "op-c4"));

        Assert.Equal(RowWriteOutcome.VersionConflict, stale);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, again);
        Assert.Equal(RowWriteOutcome.Committed, good);
        Assert.Equal((1, 10), await VersionAndBalanceAsync("w1"));
        Assert.Equal((1, 20), await VersionAndBalanceAsync("w2"));
        Assert.Equal((1, 30), await VersionAndBalanceAsync("w3"));
        Assert.Equal((2, 45), await VersionAndBalanceAsync("w4"));
        Assert.Equal(2, (await Store.ReadLedgerAsync("user:w4", null, 10)).Count);
    }

    [Fact]
    public async Task Behind_a_held_writer_good_stale_and_duplicate_changes_are_answered_each_on_its_own()
    {
        Database.Release();
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(WalletWrites.Opening($"w{i}", 10 * i, $"op-{i}")));
        }

        var held = new PausableRowDatabase(Database);
        var store = StoreOn(held);
        var opener = store.WriteAsync(WalletWrites.Opening("opener", 1, "op-opener"));
        await held.Holding;
        var good = Enumerable.Range(1, 4).Select(i => store.WriteAsync(WalletWrites.Credit($"w{i}", expectedVersion: 1, balanceBeforeFen: 10 * i, amountFen: 5, $"op-credit-{i}"))).ToList();
        var stale = store.WriteAsync(WalletWrites.Credit("w5", expectedVersion: 7, balanceBeforeFen: 50, amountFen: 5, "op-credit-5"));
        var duplicate = store.WriteAsync(WalletWrites.Credit("opener", expectedVersion: 1, balanceBeforeFen: 1, amountFen: 5, "op-opener"));
        held.Release();

        Assert.Equal(RowWriteOutcome.Committed, await opener);
        Assert.All(await Task.WhenAll(good), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal(RowWriteOutcome.VersionConflict, await stale);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await duplicate);
        Assert.Equal([1, 6], held.Attempts.Take(2));
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal((2, 10 * i + 5), await VersionAndBalanceAsync($"w{i}"));
        }

        Assert.Equal((1, 50), await VersionAndBalanceAsync("w5"));
        Assert.Equal((1, 1), await VersionAndBalanceAsync("opener"));
        Assert.Single(await Store.ReadLedgerAsync("user:opener", null, 10));
    }

    [Fact]
    public async Task A_change_refused_before_it_wrote_leaves_the_others_committed_in_the_same_transaction()
    {
        var paid = Store.CreditAsync(WalletWrites.UnreadCredit("paid", 5, "env_a"));
        await Database.Holding;
        var good = Enumerable.Range(1, 3).Select(i => Store.CreditAsync(WalletWrites.UnreadCredit($"c{i}", i, "env_a"))).ToList();
        var stale = Store.WriteAsync(WalletWrites.Credit("paid", expectedVersion: 9, balanceBeforeFen: 5, amountFen: 5, "op-stale"));
        var redelivered = Store.CreditAsync(WalletWrites.UnreadCredit("paid", 5, "env_a"));
        Database.Release();

        Assert.Equal(RowWriteOutcome.Committed, await paid);
        Assert.All(await Task.WhenAll(good), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Equal(RowWriteOutcome.VersionConflict, await stale);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await redelivered);
        Assert.Equal([1, 5], Database.Attempts.Take(2));
        Assert.Equal((1, 5), await VersionAndBalanceAsync("paid"));
        Assert.Single(await Store.ReadLedgerAsync("user:paid", null, 10));
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal((1, i), await VersionAndBalanceAsync($"c{i}"));
        }
    }

    [Fact]
    public async Task A_transaction_that_fails_acknowledges_none_of_its_changes()
    {
        var first = Store.WriteAsync(WalletWrites.Opening("a", 1, "op-a"));
        await Database.Holding;
        var queued = Enumerable.Range(1, 5).Select(i => Store.WriteAsync(WalletWrites.Opening($"b{i}", i, $"op-b{i}"))).ToList();
        Database.FailNextBatch = new InvalidOperationException("disk on fire");
        Database.Release();

        Assert.Equal(RowWriteOutcome.Committed, await first);
        foreach (var write in queued)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => write);
        }

        // Read only once every change is answered: the writer takes the next batch after the first one's answer.
        Assert.Equal([1, 5], Database.Attempts);

        for (var i = 1; i <= 5; i++)
        {
            Assert.Null(await Wallets.ReadAsync($"user:b{i}"));
        }

        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(WalletWrites.Opening("b1", 1, "op-b1")));
        Assert.Equal((1, 1), await VersionAndBalanceAsync("b1"));
    }

    /// <summary>
    /// A constraint other than a taken key (here NOT NULL) is an error in the change, not "no row": it must never be
    /// read as a version conflict or as an operation applied before. The change fails alone; the rest commit.
    /// </summary>
    [Fact]
    public async Task A_change_that_breaks_a_constraint_other_than_a_taken_key_fails_alone_with_an_error()
    {
        var opener = Store.WriteAsync(WalletWrites.Opening("opener", 1, "op-opener"));
        await Database.Holding;
        var good = Enumerable.Range(1, 3).Select(i => Store.WriteAsync(WalletWrites.Opening($"g{i}", i, $"op-{i}"))).ToList();
        var broken = WalletWrites.Opening("broken", 1, "op-broken");
        var bad = Store.WriteAsync(broken with { NewEntries = [broken.NewEntries[0] with { Fingerprint = null! }] });
        Database.Release();

        Assert.Equal(RowWriteOutcome.Committed, await opener);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => bad);
        Assert.All(await Task.WhenAll(good), o => Assert.Equal(RowWriteOutcome.Committed, o));
        Assert.Null(await Wallets.ReadAsync("user:broken"));
    }

    [Fact]
    public async Task An_envelope_round_trips_its_header_chunks_and_chunk_size_and_a_stale_header_cannot_seal_over_a_chunk()
    {
        Database.Release();
        var grabs = Enumerable.Range(0, 16).Select(i => new Grab($"u{i}", 2, DateTimeOffset.UnixEpoch.AddSeconds(i))).ToImmutableList();
        var header = new EnvelopeState { EnvelopeId = "env_x", TotalFen = 100, Shares = 50, RemainingFen = 100 };
        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(new EnvelopeWrite("env_x", null, 16, header, [])));
        Assert.Equal(RowWriteOutcome.VersionConflict, await Store.WriteAsync(new EnvelopeWrite("env_x", null, 16, header, [])));
        var sealedHeader = header with { SealedGrabCount = 16, PaidFen = 32, RemainingFen = 68 };
        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(new EnvelopeWrite("env_x", 1, 16, sealedHeader, [new SealedChunk(0, new GrabChunk(grabs))])));

        // A stale activation (still at version 1) tries to seal other grabs into chunk 0.
        var other = grabs.Select(g => g with { UserId = "x" + g.UserId }).ToImmutableList();
        Assert.Equal(RowWriteOutcome.VersionConflict, await Store.WriteAsync(new EnvelopeWrite("env_x", 1, 16, sealedHeader, [new SealedChunk(0, new GrabChunk(other))])));

        var stored = await Store.ReadAsync("env_x");
        Assert.Equal((2L, 16), (stored!.Version, stored.GrabChunkSize));
        Assert.Equal(grabs, Assert.Single(stored.Chunks).Grabs);
        Assert.Equal(68, stored.Header.RemainingFen);
    }

    [Fact]
    public async Task A_credit_without_a_read_adds_to_the_stored_balance_once_and_chains_the_ledger()
    {
        Database.Release();
        Assert.Equal(RowWriteOutcome.Committed, await Store.CreditAsync(WalletWrites.UnreadCredit("fresh", 7, "env_a")));
        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(WalletWrites.Opening("funded", 100, "op-funded")));
        Assert.Equal(RowWriteOutcome.Committed, await Store.CreditAsync(WalletWrites.UnreadCredit("funded", 5, "env_a")));
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await Store.CreditAsync(WalletWrites.UnreadCredit("funded", 5, "env_a")));
        Assert.Equal(RowWriteOutcome.Committed, await Store.CreditAsync(WalletWrites.UnreadCredit("funded", 3, "env_b")));

        var fresh = await Wallets.ReadAsync("user:fresh");
        var funded = await Wallets.ReadAsync("user:funded");
        Assert.Equal((1L, 7L, 0L, 1L), (fresh!.Version, fresh.BalanceFen, fresh.DepositedFen, fresh.LedgerSequence));
        Assert.Equal((3L, 108L, 100L, 3L), (funded!.Version, funded.BalanceFen, funded.DepositedFen, funded.LedgerSequence));
        var ledger = await Store.ReadLedgerAsync("user:funded", null, 10);
        Assert.Equal([(3L, 108L), (2L, 105L), (1L, 100L)], ledger.Select(e => (e.Sequence, e.BalanceAfterFen)));
        Assert.Equal(LedgerEntryKind.Grab, ledger[0].Kind);
        Assert.Equal("env_b", ledger[0].EnvelopeId);
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_from_a_cursor_and_finds_an_operation_with_its_fingerprint()
    {
        Database.Release();
        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(WalletWrites.Opening("pager", 100, "op-open")));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(RowWriteOutcome.Committed, await Store.CreditAsync(WalletWrites.UnreadCredit("pager", 1 + i, $"env_{i}")));
        }

        var newest = await Store.ReadLedgerAsync("user:pager", null, 2);
        var older = await Store.ReadLedgerAsync("user:pager", newest[^1].Sequence, 10);

        Assert.Equal([5L, 4L], newest.Select(e => e.Sequence));
        Assert.Equal([3L, 2L, 1L], older.Select(e => e.Sequence));
        Assert.Equal([LedgerEntryKind.Grab, LedgerEntryKind.Grab, LedgerEntryKind.Deposit], older.Select(e => e.Kind));
        var applied = await Store.FindOperationAsync("user:pager", "op-open");
        Assert.Equal(("op-open", "fp", 100L), (applied!.OperationId, applied.Fingerprint, applied.Entry.AmountFen));
    }

    [Fact]
    public async Task A_wallet_keeps_its_outbox_until_a_change_empties_it()
    {
        Database.Release();
        var opening = new EnvelopeOpening("env_out", "sender", new EnvelopeSpec(EnvelopeKind.Lucky, 10, null, 2, "hi", [], null), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1));
        var sending = WalletWrites.Opening("sender", 10, "op-dep") with { Outbox = [opening] };
        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(sending));
        var stored = Assert.Single((await Wallets.ReadAsync("user:sender"))!.Outbox);
        Assert.Equal((opening.EnvelopeId, opening.ExpiresAt, 10L, "hi"), (stored.EnvelopeId, stored.ExpiresAt, stored.Spec.TotalAmountFen, stored.Spec.Greeting));

        var emptied = sending with { ExpectedVersion = 1, Outbox = [], NewEntries = [] };
        Assert.Equal(RowWriteOutcome.Committed, await Store.WriteAsync(emptied));
        Assert.Empty((await Wallets.ReadAsync("user:sender"))!.Outbox);
    }

    private IWalletRows Wallets => Store;

    private async Task<(long Version, long BalanceFen)> VersionAndBalanceAsync(string userId)
    {
        var wallet = await Wallets.ReadAsync("user:" + userId);
        return (wallet!.Version, wallet.BalanceFen);
    }
}
