using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Envelopes;

namespace Hongbao.Tests.Infrastructure;

/// <summary>Small steps shared by engine tests: fund a sender, create an envelope.</summary>
public static class Scenario
{
    public static EnvelopeSpec Lucky(long totalFen, int shares, int? ttlSeconds = null, params string[] audience) =>
        new(EnvelopeKind.Lucky, totalFen, null, shares, "恭喜发财", [.. audience], ttlSeconds);

    public static EnvelopeSpec Fixed(long amountPerShareFen, int shares, int? ttlSeconds = null) =>
        new(EnvelopeKind.Fixed, null, amountPerShareFen, shares, null, [], ttlSeconds);

    public static async Task<EnvelopeDetails> FundAndCreateAsync(IGrainFactory grains, string senderId, EnvelopeSpec spec)
    {
        var deposit = await grains.Wallet(senderId).DepositAsync(spec.FundedFen, "fund-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(DepositOutcome.Applied, deposit.Outcome);
        var created = await grains.Wallet(senderId).CreateEnvelopeAsync(spec, "create-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(CreateEnvelopeOutcome.Created, created.Outcome);
        return created.Envelope!;
    }

    public static string[] Users(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToArray();
}
