using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Envelopes;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Envelopes;

public sealed class GrabTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?> ClassSettings => new Dictionary<string, string?>();

    [Fact]
    public async Task A_thousand_concurrent_grabbers_of_a_hundred_shares_get_exactly_a_hundred_shares()
    {
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(totalFen: 100_000, shares: 100));
        var users = Scenario.Users("crowd", 1_000);

        var results = await Task.WhenAll(users.Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));

        var granted = results.Where(r => r.Outcome == GrabOutcome.Granted).ToList();
        Assert.Equal(100, granted.Count);
        Assert.Equal(900, results.Count(r => r.Outcome == GrabOutcome.Exhausted));
        Assert.Equal(100_000, granted.Sum(r => r.Grab!.AmountFen));
        Assert.All(granted, r => Assert.True(r.Grab!.AmountFen >= EnvelopeOptions.ShareMinFen));
        Assert.Equal(100, granted.Select(r => r.Grab!.UserId).Distinct().Count());

        var details = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(granted.Select(r => r.Grab).OrderBy(g => g!.UserId), details!.Grabs.OrderBy(g => g.UserId));
        Assert.Equal(0, details.RemainingFen);
        Assert.Equal(details.Grabs.MaxBy(g => g.AmountFen)!.AmountFen, details.BestLuck!.AmountFen);

        var settled = await Eventually.ReturnsAsync(
            () => Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync(),
            d => d!.Status == EnvelopeStatus.Settled,
            TimeSpan.FromSeconds(60),
            "the envelope to settle");
        foreach (var grab in settled!.Grabs)
        {
            Assert.Equal(grab.AmountFen, (await Engine.Grains.Wallet(grab.UserId).GetBalanceAsync()).BalanceFen);
        }

        await MoneyAudit.AssertConservedAsync(Engine.Grains, users.Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task Concurrent_repeat_grabs_by_one_user_return_the_same_share_once()
    {
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(totalFen: 1_000, shares: 10));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("alice")));

        Assert.Single(results, r => r.Outcome == GrabOutcome.Granted);
        Assert.Equal(49, results.Count(r => r.Outcome == GrabOutcome.AlreadyGrabbed));
        Assert.Single(results.Select(r => r.Grab).Distinct());
        var details = await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync();
        Assert.Equal(9, details!.RemainingShares);

        var again = await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("alice");
        Assert.Equal(GrabOutcome.AlreadyGrabbed, again.Outcome);
        Assert.Equal(results[0].Grab, again.Grab);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sender", "alice"], [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task Only_the_audience_may_grab()
    {
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Lucky(totalFen: 300, shares: 3, null, "bob", "carol"));

        Assert.Equal(GrabOutcome.NotInAudience, (await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("mallory")).Outcome);
        Assert.Equal(GrabOutcome.Granted, (await Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync("bob")).Outcome);
        Assert.Equal(2, (await Engine.Grains.Envelope(envelope.EnvelopeId).GetDetailsAsync())!.RemainingShares);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["sender", "bob", "mallory"], [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task A_fixed_envelope_pays_the_same_amount_to_everyone()
    {
        var envelope = await Scenario.FundAndCreateAsync(Engine.Grains, "sender", Scenario.Fixed(amountPerShareFen: 88, shares: 5));

        var results = await Task.WhenAll(Scenario.Users("fixed", 8).Select(u => Engine.Grains.Envelope(envelope.EnvelopeId).GrabAsync(u)));

        Assert.Equal(440, envelope.TotalFen);
        Assert.All(results.Where(r => r.Outcome == GrabOutcome.Granted), r => Assert.Equal(88, r.Grab!.AmountFen));
        Assert.Equal(5, results.Count(r => r.Outcome == GrabOutcome.Granted));
        await MoneyAudit.AssertConservedAsync(Engine.Grains, Scenario.Users("fixed", 8).Append("sender"), [envelope.EnvelopeId], Engine.Seed);
    }

    [Fact]
    public async Task An_envelope_that_was_never_opened_is_not_found()
    {
        var result = await Engine.Grains.Envelope(EnvelopeId.New()).GrabAsync("alice");

        Assert.Equal(GrabOutcome.NotFound, result.Outcome);
        Assert.Null(await Engine.Grains.Envelope(EnvelopeId.New()).GetDetailsAsync());
    }
}
