using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Contracts.Wallets;
using Hongbao.Tests.Faults;
using Hongbao.Tests.Infrastructure;

namespace Hongbao.Tests.Wallets;

/// <summary>
/// A wallet decides what to do with its outbox from its row as storage holds it, not from what it last read: a write
/// reported failed may still land after the grain reads again.
/// </summary>
public sealed class WalletOutboxTests : EngineTest
{
    protected override IReadOnlyDictionary<string, string?>? ClassSettings => null;

    [Fact]
    public async Task A_create_that_lands_after_it_was_reported_failed_is_opened_by_the_same_key_retry()
    {
        var faults = new StorageFaults();
        await StartEngineAsync(faults: faults);
        var wallet = Engine.Grains.Wallet("gina");
        await wallet.DepositAsync(1_000, "fund");
        var spec = Scenario.Lucky(600, 6);

        faults.OnNextWrite(StorageFaults.WalletState, GrainKeys.WalletKeyOf("gina"), WriteFault.FailThenCommit);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => wallet.CreateEnvelopeAsync(spec, "create-1"));
        var retried = await wallet.CreateEnvelopeAsync(spec, "create-1");

        Assert.Equal(CreateEnvelopeOutcome.Replayed, retried.Outcome);
        Assert.Equal(EnvelopeStatus.Open, retried.Envelope!.Status);
        Assert.Equal(GrabOutcome.Granted, (await Engine.Grains.Envelope(retried.Envelope.EnvelopeId).GrabAsync("hank")).Outcome);
        Assert.Equal(400, (await wallet.GetBalanceAsync()).BalanceFen);
        await MoneyAudit.AssertConservedAsync(Engine.Grains, ["gina", "hank"], [retried.Envelope.EnvelopeId]);
    }
}
