using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Wallets;

public sealed class WalletTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?> ClassSettings => new Dictionary<string, string?> { ["Hongbao:Wallets:LedgerMax"] = "20" };

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

        Assert.Equal(CreditOutcome.Applied, await wallet.CreditAsync(credit));
        Assert.Equal(CreditOutcome.Duplicate, await wallet.CreditAsync(credit));
        Assert.Equal(42, (await wallet.GetBalanceAsync()).BalanceFen);
    }

    [Fact]
    public async Task The_ledger_pages_newest_first_and_compaction_never_moves_the_balance()
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
        Assert.Equal(20, everything.Entries.Count);
        Assert.Null(everything.NextBefore);
        Assert.Equal(465, (await wallet.GetBalanceAsync()).BalanceFen);
        Assert.Equal(465, everything.Entries[0].BalanceAfterFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["hal"], []);
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
