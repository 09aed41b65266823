using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hongbao.Tests.Telemetry;

/// <summary>What the engine records on the Hongbao meter over an envelope's life.</summary>
[Collection(nameof(HongbaoMeterCollection))]
public sealed class EngineMetricsTests : EngineTest, IDisposable
{
    private readonly HongbaoMeterRecorder recorder = new();

    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    public void Dispose() => recorder.Dispose();

    [Fact]
    public async Task An_envelope_is_counted_open_until_it_expires_and_its_grabs_credits_and_refund_are_counted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await StartEngineAsync(clock: clock);
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "meter-sender", Scenario.Fixed(10, 3, ttlSeconds: 3_600));
        var grains = Engine.Grains.Envelope(envelope.EnvelopeId);

        Assert.Equal(1, recorder.Sum("hongbao.envelopes.open"));
        Assert.Equal(GrabOutcome.Granted, (await grains.GrabAsync("meter-a")).Outcome);
        Assert.Equal(GrabOutcome.Granted, (await grains.GrabAsync("meter-b")).Outcome);
        Assert.Equal(GrabOutcome.AlreadyGrabbed, (await grains.GrabAsync("meter-a")).Outcome);
        await Eventually.ReturnsAsync(
            () => grains.GetDetailsAsync(),
            details => details!.CreditedShares == 2,
            TimeSpan.FromSeconds(10),
            "both grabs credited");

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(GrabOutcome.Expired, (await grains.GrabAsync("meter-c")).Outcome);
        Assert.Equal(EnvelopeStatus.Settled, (await grains.SettleAsync())!.Status);
        var duplicatesBefore = recorder.Sum("hongbao.wallet.credits", "result=duplicate");
        var redelivered = await Engine.Credits.ApplyAsync("meter-a", WalletCredit.ForGrab(envelope.EnvelopeId, 10));

        Assert.Equal(CreditOutcome.Duplicate, redelivered);
        Assert.Equal(2, recorder.Sum("hongbao.grabs", "outcome=granted"));
        Assert.Equal(1, recorder.Sum("hongbao.grabs", "outcome=already_grabbed"));
        Assert.Equal(1, recorder.Sum("hongbao.grabs", "outcome=expired"));
        Assert.Equal(4, recorder.Count("hongbao.grab.duration"));
        Assert.Equal(2, recorder.Count("hongbao.settlement.lag"));
        Assert.Equal(3, recorder.Sum("hongbao.wallet.credits", "result=applied")); // two shares and the refund
        Assert.Equal(1, recorder.Sum("hongbao.wallet.credits", "result=duplicate") - duplicatesBefore);
        Assert.Equal(1, recorder.Sum("hongbao.refunds"));
        Assert.Equal(0, recorder.Sum("hongbao.envelopes.open"));
    }

    [Fact]
    public void The_backlog_gauge_adds_each_envelopes_uncredited_grabs_and_forgets_a_deactivated_one()
    {
        var now = DateTimeOffset.UtcNow;
        var state = new EnvelopeState
        {
            EnvelopeId = "env_gauges",
            Shares = 5,
            ExpiresAt = now.AddHours(1),
            Grabs = [new Grab("u1", 1, now), new Grab("u2", 1, now), new Grab("u3", 1, now)],
            CreditedShares = 1,
        };
        var gauges = new Grains.Telemetry.EnvelopeGauges();
        var before = recorder.Observe("hongbao.settlement.backlog");

        gauges.Report(state, now);
        var reported = recorder.Observe("hongbao.settlement.backlog") - before;
        gauges.Report(state with { CreditedShares = 3 }, now);
        var drained = recorder.Observe("hongbao.settlement.backlog") - before;
        gauges.Report(state, now);
        gauges.Forget();
        var forgotten = recorder.Observe("hongbao.settlement.backlog") - before;

        Assert.Equal((2, 0, 0), (reported, drained, forgotten));
        // Counted open once, and uncounted once when forgotten: a report that changes nothing records nothing.
        Assert.Equal(2, recorder.Count("hongbao.envelopes.open"));
        Assert.Equal(0, recorder.Sum("hongbao.envelopes.open"));
    }
}
