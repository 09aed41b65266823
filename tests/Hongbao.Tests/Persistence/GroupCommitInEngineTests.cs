using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Persistence;

public sealed class GroupCommitInEngineTests : IAsyncDisposable
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_grabs_share_storage_writes_unless_the_naive_mode_is_on(bool writePerGrab)
    {
        engine = await EngineCluster.StartAsync(database.Path, new Dictionary<string, string?>
        {
            ["Hongbao:Envelopes:WritePerGrab"] = writePerGrab.ToString(),
        });
        const int shares = 400;
        var envelope = await Scenario.FundAndCreateAsync(engine.Grains, "sender", Scenario.Lucky(40_000, shares));
        var versionBefore = await SqliteProbe.StateVersionAsync(database.Path, "envelope", envelope.EnvelopeId);

        var results = await Task.WhenAll(Scenario.Users("g", shares).Select(u => engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
        var writes = await SqliteProbe.StateVersionAsync(database.Path, "envelope", envelope.EnvelopeId) - versionBefore;

        Assert.All(results, r => Assert.Equal(GrabOutcome.Granted, r.Outcome));
        if (writePerGrab)
        {
            Assert.True(writes >= shares, $"naive mode wrote {writes} times for {shares} grabs");
        }
        else
        {
            // Settlement progress shares the same writes, so count generously; one write per grab would be 400+.
            Assert.True(writes < shares / 2, $"group commit wrote {writes} times for {shares} grabs");
        }

        await MoneyAudit.AssertConservedAsync(engine.Grains, Scenario.Users("g", shares).Append("sender"), [envelope.EnvelopeId], engine.Seed);
    }
}
