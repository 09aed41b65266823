using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hongbao.Tests.Envelopes;

public sealed class ExpiryTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    public async Task After_expiry_no_grab_succeeds_and_the_remainder_is_refunded_once_across_a_restart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartEngineAsync(clock: clock);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sam", Scenario.Lucky(1_000, 10, ttlSeconds: 3_600));
        var grabbed = await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("ann");
        Assert.Equal(GrabOutcome.Granted, grabbed.Outcome);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(GrabOutcome.Expired, (await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("ben")).Outcome);
        Assert.Equal(GrabOutcome.AlreadyGrabbed, (await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("ann")).Outcome);
        var settled = await Engine.Grains.Envelope(envelope.EnvelopeId).SettleAsync();
        Assert.Equal(EnvelopeStatus.Settled, settled!.Status);
        var refundFen = 1_000 - grabbed.Grab!.AmountFen;
        Assert.Equal(refundFen, settled.RefundedFen);

        await Engine.CrashAndRestartAsync();
        var again = await Engine.Grains.Envelope(envelope.EnvelopeId).SettleAsync();

        Assert.Equal(EnvelopeStatus.Settled, again!.Status);
        Assert.Equal(refundFen, (await Engine.Grains.Wallet("sam").GetBalanceAsync()).BalanceFen);
        var refunds = (await Engine.Grains.Wallet("sam").GetLedgerAsync(50, null)).Entries.Where(e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal(refundFen, Assert.Single(refunds).AmountFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sam", "ann", "ben"], [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task The_durable_reminder_refunds_an_envelope_that_no_silo_holds_after_a_crash()
    {
        await StartEngineAsync();
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "ola", Scenario.Lucky(500, 5, ttlSeconds: 3));
        await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("pia");

        await Engine.CrashAndRestartAsync();

        // Only the wallet is read: nothing but the reminder can bring the envelope back to refund it.
        var balance = await Eventually.ReturnsAsync(
            () => Engine.Grains.Wallet("ola").GetBalanceAsync(),
            b => b.BalanceFen > 0,
            TimeSpan.FromSeconds(45),
            "the reminder to refund the sender");
        var details = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(details!.RemainingFen, balance.BalanceFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["ola", "pia"], [envelope.EnvelopeId], Engine.Seed);
    }
}
