using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Envelopes;

public sealed class SettlementTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?> ClassSettings => new Dictionary<string, string?>
    {
        // One credit at a time keeps settlement slow enough to crash in the middle of it.
        ["Hongbao:Envelopes:SettlementBatchMax"] = "1",
        ["Hongbao:Envelopes:SettlementBacklogMax"] = "250",
    };

    [Fact]
    public async Task Settlement_resumes_after_a_crash_and_credits_every_wallet_exactly_once()
    {
        const int shares = 300;
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(90_000, shares));
        var users = Scenario.Users("r", shares);
        var results = await Task.WhenAll(users.Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
        var granted = results.Where(r => r.Outcome == GrabOutcome.Granted).Select(r => r.Grab!).ToList();
        var beforeCrash = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.True(beforeCrash!.CreditedShares < beforeCrash.Grabs.Count, "settlement finished before the crash; the test would prove nothing");

        await Engine.CrashAndRestartAsync();
        await Eventually.ReturnsAsync(
            () => Engine.Grains.Envelope(envelope.EnvelopeId).SettleAsync(),
            d => d!.CreditedShares == d.Grabs.Count,
            TimeSpan.FromSeconds(60),
            "settlement to finish after the restart");

        foreach (var grab in granted)
        {
            var ledger = await Engine.Grains.Wallet(grab.UserId).GetLedgerAsync(10, null);
            Assert.Equal(grab.AmountFen, Assert.Single(ledger.Entries, e => e.Kind == LedgerEntryKind.Grab).AmountFen);
        }

        await MoneyAudit.AssertConservedAsync(Engine.Grains, users.Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task Grabs_beyond_the_settlement_backlog_bound_are_refused_as_overloaded()
    {
        const int shares = 300;
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender2", Scenario.Lucky(90_000, shares));
        var users = Scenario.Users("o", shares);

        var results = await Task.WhenAll(users.Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));

        Assert.Contains(results, r => r.Outcome == GrabOutcome.Overloaded);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { GrabOutcome.Granted, GrabOutcome.Overloaded }));
        await MoneyAudit.AssertConservedAsync(Engine.Grains, users.Append("sender2"), [envelope.EnvelopeId], Engine.Seed);
    }
}
