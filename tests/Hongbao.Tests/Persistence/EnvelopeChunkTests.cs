using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Persistence;

public sealed class EnvelopeChunkTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?> ClassSettings => new Dictionary<string, string?> { ["Hongbao:Envelopes:GrabChunkSize"] = "16" };

    [Fact]
    public async Task Grabs_sealed_into_chunks_come_back_whole_after_a_crash()
    {
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(10_000, 100));
        var users = Scenario.Users("c", 100);
        await Task.WhenAll(users.Take(70).Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
        var before = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();

        await Engine.CrashAndRestartAsync();
        var after = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();

        Assert.Equal(before!.Grabs, after!.Grabs);
        Assert.Equal(4, await SqliteProbe.ChunkCountAsync(DatabasePath, envelope.EnvelopeId));
        var repeat = await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(users[3]);
        Assert.Equal(GrabOutcome.AlreadyGrabbed, repeat.Outcome);
        Assert.Equal(before.Grabs.Single(g => g.UserId == users[3]), repeat.Grab);

        await Task.WhenAll(users.Skip(70).Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));
        var exhausted = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(100, exhausted!.Grabs.Select(g => g.UserId).Distinct().Count());
        Assert.Equal(10_000, exhausted.Grabs.Sum(g => g.AmountFen));
        Assert.Equal(6, await SqliteProbe.ChunkCountAsync(DatabasePath, envelope.EnvelopeId));
        await MoneyAudit.AssertConservedAsync(Engine.Grains, users.Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }
}
