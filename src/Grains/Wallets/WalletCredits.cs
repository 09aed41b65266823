using Hongbao.Grains.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Grains.Telemetry;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// Where a share or a refund is credited: straight into the wallet's rows, in the cross-grain transactions that
/// carry every other change, without activating the wallet's grain. Settling a crowd of grabbers must not wake a
/// grain per grabber: tens of thousands of idle wallet activations made settlement GC-bound. The database applies
/// each operation once (the ledger is unique on wallet and operation id); a wallet grain that holds its row reads
/// it again for balances and re-applies its own change when such a credit moved the row's version under it.
/// </summary>
public sealed class WalletCredits(IWalletRows rows, EngineClock clock)
{
    public async Task<CreditOutcome> ApplyAsync(string userId, WalletCredit credit)
    {
        Invariant.Ensure(credit.AmountFen > 0, "a credit is positive");
        var fingerprint = credit.AmountFen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var written = await rows.CreditAsync(new WalletCreditWrite(
            GrainKeys.WalletKeyOf(userId), credit.Kind, credit.AmountFen, credit.EnvelopeId, clock.UtcNow, credit.OperationId, fingerprint));
        var outcome = written switch
        {
            RowWriteOutcome.Committed => CreditOutcome.Applied,
            RowWriteOutcome.DuplicateOperation => CreditOutcome.Duplicate,
            _ => throw new InvariantViolationException($"Invariant violated: a credit, which checks no version, was refused as {written}"),
        };
        HongbaoMetrics.CreditDelivered(outcome);
        return outcome;
    }
}
