using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Wallets;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Wallets;

public sealed class WalletTests : EngineTest
{
    /// <summary>Far more operations than the wallet's in-memory cache of recent ones: replays must be found in storage.</summary>
    private const int ManyOperations = 5_000;

    [Fact]
    public async Task A_deposit_replayed_with_its_key_is_applied_once_and_a_reused_key_is_refused()
    {
        var wallet = Engine.Grains.Wallet("dora");

        var first = await wallet.DepositAsync(500, "key-1");
        var replay = await wallet.DepositAsync(500, "key-1");
        var reused = await wallet.DepositAsync(700, "key-1");

        Assert.Equal(new DepositResult(DepositOutcome.Applied, 500), first);
        Assert.Equal(new DepositResult(DepositOutcome.Replayed, 500), replay);
        Assert.Equal(DepositOutcome.IdempotencyKeyReused, reused.Outcome);
        Assert.Equal(500, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Equal(DepositOutcome.Invalid, (await wallet.DepositAsync(0, "key-2")).Outcome);
        Assert.Equal(DepositOutcome.Invalid, (await wallet.DepositAsync(10, "")).Outcome);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["dora"], []);
    }

    [Fact]
    public async Task A_create_replayed_with_its_key_returns_the_same_envelope_and_debits_once()
    {
        var wallet = Engine.Grains.Wallet("erin");
        await wallet.DepositAsync(1_000, "fund");
        var spec = Scenario.Lucky(600, 6);

        var created = await wallet.CreateEnvelopeAsync(spec, "create-1");
        var replayed = await wallet.CreateEnvelopeAsync(spec, "create-1");
        var reused = await wallet.CreateEnvelopeAsync(Scenario.Lucky(300, 3), "create-1");

        Assert.Equal(CreateEnvelopeOutcome.Created, created.Outcome);
        Assert.Equal(CreateEnvelopeOutcome.Replayed, replayed.Outcome);
        Assert.Equal(created.Envelope!.EnvelopeId, replayed.Envelope!.EnvelopeId);
        Assert.Equal(CreateEnvelopeOutcome.IdempotencyKeyReused, reused.Outcome);
        Assert.Equal(400, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Equal(EnvelopeStatus.Open, created.Envelope.Status);
        Assert.Equal("erin", created.Envelope.SenderId);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["erin"], [created.Envelope.EnvelopeId]);
    }

    [Fact]
    public async Task Insufficient_funds_and_invalid_requests_change_nothing()
    {
        var wallet = Engine.Grains.Wallet("fay");
        await wallet.DepositAsync(100, "fund");

        var tooDear = await wallet.CreateEnvelopeAsync(Scenario.Lucky(101, 1), "k1");
        var invalid = await wallet.CreateEnvelopeAsync(Scenario.Lucky(5, 10), "k2");

        Assert.Equal(CreateEnvelopeOutcome.InsufficientFunds, tooDear.Outcome);
        Assert.Equal(CreateEnvelopeOutcome.Invalid, invalid.Outcome);
        Assert.Contains("totalAmount", invalid.Errors.Keys);
        Assert.Equal(100, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Single((await wallet.GetLedgerAsync(50, null)).Entries);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["fay"], []);
    }

    [Fact]
    public async Task A_credit_delivered_twice_is_applied_once()
    {
        var wallet = Engine.Grains.Wallet("gus");
        var credit = WalletCredit.ForGrab(EnvelopeId.New(), 42);

        Assert.Equal(CreditOutcome.Applied, await Engine.Credits.ApplyAsync("gus", credit));
        Assert.Equal(CreditOutcome.Duplicate, await Engine.Credits.ApplyAsync("gus", credit));
        Assert.Equal(42, (await wallet.GetBalanceAsync()).BalanceFen);
    }

    [Fact]
    public async Task A_balance_read_after_a_credit_written_beside_the_wallet_shows_it_while_a_crowd_reads_the_same_wallet()
    {
        var wallet = Engine.Grains.Wallet("ivy");
        await wallet.DepositAsync(100, "fund");
        using var stop = new CancellationTokenSource();
        var crowd = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            for (; !stop.IsCancellationRequested && reads < 100_000; reads++)
            {
                await wallet.GetBalanceAsync();
            }

            return reads;
        })).ToList();

        for (var credit = 1; credit <= 30; credit++)
        {
            await Engine.Credits.ApplyAsync("ivy", WalletCredit.ForGrab(EnvelopeId.New(), 1));
            Assert.Equal(100 + credit, (await wallet.GetBalanceAsync()).BalanceFen);
        }

        await stop.CancelAsync();
        Assert.All(await Task.WhenAll(crowd), reads => Assert.True(reads > 0));
    }

    [Fact]
    public async Task A_wallet_holding_its_row_sees_a_credit_written_beside_it_and_decides_its_next_deposit_again()
    {
        var sender = Engine.Grains.Wallet("kai");
        await sender.DepositAsync(1_000, "fund");
        var envelopeId = (await sender.CreateEnvelopeAsync(Scenario.Lucky(600, 6), "create-1")).Envelope!.EnvelopeId;
        var grabber = Engine.Grains.Wallet("lin");
        Assert.Equal(DepositOutcome.Applied, (await grabber.DepositAsync(100, "before")).Outcome);

        var shareFen = (await Engine.Grains.Envelope(envelopeId).GrabAsync("lin")).Grab!.AmountFen;
        await Eventually.ReturnsAsync(
            () => Engine.Grains.Envelope(envelopeId).GetDetailsAsync(),
            e => e!.CreditedShares == 1,
            TimeSpan.FromSeconds(30),
            "the share to be credited");

        Assert.Equal(100 + shareFen, (await grabber.GetBalanceAsync()).BalanceFen);
        Assert.Equal(new DepositResult(DepositOutcome.Applied, 110 + shareFen), await grabber.DepositAsync(10, "after"));
        var ledger = (await grabber.GetLedgerAsync(10, null)).Entries;
        Assert.Equal([LedgerEntryKind.Deposit, LedgerEntryKind.Grab, LedgerEntryKind.Deposit], ledger.Select(e => e.Kind));
        Assert.Equal([110 + shareFen, 100 + shareFen, 100], ledger.Select(e => e.BalanceAfterFen));
        Assert.Equal([3L, 2, 1], ledger.Select(e => e.Sequence));
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["kai", "lin"], [envelopeId]);
    }

    [Fact]
    public async Task The_ledger_pages_newest_first()
    {
        var wallet = Engine.Grains.Wallet("hal");
        for (var i = 1; i <= 30; i++)
        {
            await wallet.DepositAsync(i, $"d{i}");
        }

        var firstPage = await wallet.GetLedgerAsync(8, null);
        var secondPage = await wallet.GetLedgerAsync(8, firstPage.NextBefore);
        var everything = await wallet.GetLedgerAsync(100, null);

        Assert.Equal(Enumerable.Range(23, 8).Reverse().Select(i => (long)i), firstPage.Entries.Select(e => e.AmountFen));
        Assert.Equal(Enumerable.Range(15, 8).Reverse().Select(i => (long)i), secondPage.Entries.Select(e => e.AmountFen));
        Assert.Equal(30, everything.Entries.Count);
        Assert.Null(everything.NextBefore);
        Assert.Equal(465, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Equal(465, everything.Entries[0].BalanceAfterFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["hal"], []);
    }

    [Fact]
    public async Task Keys_replayed_after_5000_other_operations_still_apply_once()
    {
        var wallet = Engine.Grains.Wallet("ivy");
        var deposit = await wallet.DepositAsync(10_000, "first-deposit");
        var spec = Scenario.Lucky(600, 6);
        var created = await wallet.CreateEnvelopeAsync(spec, "first-create");
        var share = await Engine.Grains.Envelope(created.Envelope!.EnvelopeId).GrabAsync("ivy");
        await Eventually.ReturnsAsync(
            () => Engine.Grains.Envelope(created.Envelope.EnvelopeId).GetDetailsAsync(),
            e => e!.CreditedShares == 1,
            TimeSpan.FromSeconds(30),
            "the share to be credited");
        var credit = WalletCredit.ForGrab(created.Envelope.EnvelopeId, share.Grab!.AmountFen);
        await DepositManyAsync(wallet, ManyOperations);
        var balanceFen = (await wallet.GetBalanceAsync()).BalanceFen;

        // Deactivation drops the wallet's memory too: only the ledger rows can answer now.
        await Engine.CrashAndRestartAsync();
        wallet = Engine.Grains.Wallet("ivy");
        var depositReplay = await wallet.DepositAsync(10_000, "first-deposit");
        var depositReused = await wallet.DepositAsync(1, "first-deposit");
        var createReplay = await wallet.CreateEnvelopeAsync(spec, "first-create");
        var creditAgain = await Engine.Credits.ApplyAsync("ivy", credit);

        Assert.Equal(new DepositResult(DepositOutcome.Replayed, deposit.BalanceFen), depositReplay);
        Assert.Equal(DepositOutcome.IdempotencyKeyReused, depositReused.Outcome);
        Assert.Equal(CreateEnvelopeOutcome.Replayed, createReplay.Outcome);
        Assert.Equal(created.Envelope.EnvelopeId, createReplay.Envelope!.EnvelopeId);
        Assert.Equal(CreditOutcome.Duplicate, creditAgain);
        Assert.Equal(balanceFen, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Equal(ManyOperations + 3, await SqliteProbe.LedgerRowCountAsync(DatabasePath, "ivy"));
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["ivy"], [created.Envelope.EnvelopeId]);
    }

    [Fact]
    public async Task A_ledger_of_5001_entries_pages_back_whole_and_each_balance_chains_to_the_next()
    {
        var wallet = Engine.Grains.Wallet("jay");
        await wallet.DepositAsync(5, "opening");
        await DepositManyAsync(wallet, ManyOperations);

        var entries = new List<LedgerEntry>();
        long? cursor = null;
        do
        {
            var page = await wallet.GetLedgerAsync(500, cursor);
            entries.AddRange(page.Entries);
            cursor = page.NextBefore;
        }
        while (cursor is not null);

        Assert.Equal(ManyOperations + 1, entries.Count);
        Assert.Equal(Enumerable.Range(1, ManyOperations + 1).Reverse().Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal((await wallet.GetBalanceAsync()).BalanceFen, entries[0].BalanceAfterFen);
        for (var i = 0; i < entries.Count - 1; i++)
        {
            Assert.Equal(entries[i + 1].BalanceAfterFen, entries[i].BalanceAfterFen - entries[i].AmountFen);
        }

        Assert.Equal(entries[^1].AmountFen, entries[^1].BalanceAfterFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["jay"], []);
    }

    private static async Task DepositManyAsync(IWalletGrain wallet, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(DepositOutcome.Applied, (await wallet.DepositAsync(1 + (i % 7), $"many-{i}")).Outcome);
        }
    }

    [Fact]
    public async Task Keys_that_look_like_hex_numbers_are_distinct_wallets()
    {
        await Engine.Grains.Wallet("20235").DepositAsync(1, "a");
        await Engine.Grains.Wallet("020235").DepositAsync(2, "a");
        await Engine.Grains.Wallet("abc").DepositAsync(3, "a");

        await Engine.CrashAndRestartAsync();

        Assert.Equal(1, (await Engine.Grains.Wallet("20235").GetBalanceAsync()).BalanceFen);
        Assert.Equal(2, (await Engine.Grains.Wallet("020235").GetBalanceAsync()).BalanceFen);
        Assert.Equal(3, (await Engine.Grains.Wallet("abc").GetBalanceAsync()).BalanceFen);
    }
}
