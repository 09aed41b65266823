using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hongbao.Tests.Envelopes;

public sealed class ExpiryTests : IAsyncDisposable
{
    private readonly TempDatabase database = new();
    private EngineCluster? engine;

    public async ValueTask DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        database.Dispose();
    }

    [Fact]
    public async Task After_expiry_no_grab_succeeds_and_the_remainder_is_refunded_once_across_a_restart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        engine = await EngineCluster.StartAsync(database.Path, clock: clock);
        var envelope = await Scenario.FundAndCreateAsync(engine.Grains, "sam", Scenario.Lucky(1_000, 10, ttlSeconds: 3_600));
        var grabbed = await engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("ann");
        Assert.Equal(GrabOutcome.Granted, grabbed.Outcome);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(GrabOutcome.Expired, (await engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("ben")).Outcome);
        Assert.Equal(GrabOutcome.AlreadyGrabbed, (await engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("ann")).Outcome);
        var settled = await engine.Grains.Envelope(envelope.EnvelopeId).SettleAsync();
        Assert.Equal(EnvelopeStatus.Settled, settled!.Status);
        var refundFen = 1_000 - grabbed.Grab!.AmountFen;
        Assert.Equal(refundFen, settled.RefundedFen);

        await engine.CrashAndRestartAsync();
        var again = await engine.Grains.Envelope(envelope.EnvelopeId).SettleAsync();

        Assert.Equal(EnvelopeStatus.Settled, again!.Status);
        Assert.Equal(refundFen, (await engine.Grains.Wallet("sam").GetBalanceAsync()).BalanceFen);
        var refunds = (await engine.Grains.Wallet("sam").GetLedgerAsync(50, null)).Entries.Where(e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal(refundFen, Assert.Single(refunds).AmountFen);
        await MoneyAudit.AssertConservedAsync(engine.Grains, ["sam", "ann", "ben"], [envelope.EnvelopeId], engine.Seed);
    }

    [Fact]
    public async Task The_durable_reminder_refunds_an_envelope_that_no_silo_holds_after_a_crash()
    {
        engine = await EngineCluster.StartAsync(database.Path);
        var envelope = await Scenario.FundAndCreateAsync(engine.Grains, "ola", Scenario.Lucky(500, 5, ttlSeconds: 3));
        await engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("pia");

        await engine.CrashAndRestartAsync();

        // Only the wallet is read: nothing but the reminder can bring the envelope back to refund it.
        var balance = await Eventually.ReturnsAsync(
            () => engine.Grains.Wallet("ola").GetBalanceAsync(),
            b => b.BalanceFen > 0,
            TimeSpan.FromSeconds(45),
            "the reminder to refund the sender");
        var details = await engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(details!.RemainingFen, balance.BalanceFen);
        await MoneyAudit.AssertConservedAsync(engine.Grains, ["ola", "pia"], [envelope.EnvelopeId], engine.Seed);
    }
}
