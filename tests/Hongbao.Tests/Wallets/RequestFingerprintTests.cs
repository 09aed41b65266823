using Hongbao.Contracts.Common;
using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Persistence;
using Hongbao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Tests.Wallets;

/// <summary>
/// A create's idempotency fingerprint is stored as a fixed-size hash: a greeting and an audience of any content and
/// length leave the same 64 hex characters in the ledger, and a replay is still told from a reused key.
/// </summary>
public sealed class RequestFingerprintTests : EngineTest
{
    [Fact]
    public async Task A_create_stores_a_fixed_size_fingerprint_and_still_tells_a_replay_from_a_reused_key()
    {
        var wallet = Engine.Grains.Wallet("fran");
        await wallet.DepositAsync(10_000, "fund");
        var audience = Enumerable.Range(0, 1_000).Select(i => $"user-{i:D4}").ToArray();
        var spec = Scenario.Lucky(1_000, 10, null, audience) with { Greeting = new string('福', 200) };

        var created = await wallet.CreateEnvelopeAsync(spec, "big-audience");
        var replayed = await wallet.CreateEnvelopeAsync(spec, "big-audience");
        var reused = await wallet.CreateEnvelopeAsync(spec with { Greeting = "other" }, "big-audience");

        Assert.Equal(CreateEnvelopeOutcome.Created, created.Outcome);
        Assert.Equal(CreateEnvelopeOutcome.Replayed, replayed.Outcome);
        Assert.Equal(CreateEnvelopeOutcome.IdempotencyKeyReused, reused.Outcome);
        var rows = Engine.Cluster.Silos[0].ServiceProvider.GetRequiredService<IWalletRows>();
        var stored = await rows.FindOperationAsync(GrainKeys.WalletKeyOf("fran"), "create:big-audience");
        Assert.Matches("^[0-9a-f]{64}\\z", stored!.Fingerprint);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["fran"], [created.Envelope!.EnvelopeId]);
    }
}
