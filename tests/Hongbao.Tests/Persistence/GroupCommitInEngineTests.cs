using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Envelopes;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Persistence;

public sealed class GroupCommitInEngineTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    public async Task Grabs_that_arrive_during_a_write_share_the_next_write()
    {
        await StartEngineAsync();
        const int shares = 400;
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(40_000, shares));
        await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("first");
        // Settle the first grab before storage is held, so that no settlement write is in flight when the crowd comes.
        await Eventually.ReturnsAsync(
            () => Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync(),
            e => e!.CreditedShares == 1,
            TimeSpan.FromSeconds(30),
            "the first grab to be credited");
        var versionBefore = await SqliteProbe.EnvelopeVersionAsync(DatabasePath, envelope.EnvelopeId);
        var grain = ActivationOf(Engine.Grains.Envelope(envelope.EnvelopeId));

        Task<GrabResult[]> crowd;
        await using (await SqliteProbe.HoldWriteLockAsync(DatabasePath))
        {
            // With storage held, the first grab's write waits and every other grab queues behind it.
            crowd = Task.WhenAll(Scenario.Users("g", shares - 1).Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
            await Eventually.ReturnsAsync(
                () => Task.FromResult(grain.ChangesWaitingForWrite),
                waiting => waiting == shares - 2,
                TimeSpan.FromSeconds(30),
                "every grab but the one being written to wait for the next write");
        }

        var results = await crowd;
        var writes = await SqliteProbe.EnvelopeVersionAsync(DatabasePath, envelope.EnvelopeId) - versionBefore;

        Assert.All(results, r => Assert.Equal(GrabOutcome.Granted, r.Outcome));
        // One write for the first grab, one for the other 398; settlement progress may add a checkpoint.
        Assert.InRange(writes, 2, 4);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, Scenario.Users("g", shares - 1).Append("first").Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task The_naive_comparison_mode_writes_once_per_grab()
    {
        await StartEngineAsync(new Dictionary<string, string?> { ["Hongbao:Envelopes:WritePerGrab"] = "true" });
        const int shares = 100;
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(10_000, shares));
        var versionBefore = await SqliteProbe.EnvelopeVersionAsync(DatabasePath, envelope.EnvelopeId);

        var results = await Task.WhenAll(Scenario.Users("n", shares).Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
        var writes = await SqliteProbe.EnvelopeVersionAsync(DatabasePath, envelope.EnvelopeId) - versionBefore;

        Assert.All(results, r => Assert.Equal(GrabOutcome.Granted, r.Outcome));
        Assert.True(writes >= shares, $"naive mode wrote {writes} times for {shares} grabs");
        await MoneyAudit.AssertConservedAsync(Engine.Grains, Scenario.Users("n", shares).Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    private EnvelopeGrain ActivationOf(IEnvelopeGrain grain)
    {
        Assert.True(Engine.Cluster.TryGetGrainContext(grain.GetGrainId(), out var context), "the envelope is not active");
        return (EnvelopeGrain)context.GrainInstance!;
    }
}
