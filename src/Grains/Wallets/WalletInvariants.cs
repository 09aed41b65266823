using Hongbao.Grains.Common;
using Hongbao.Grains.Persistence;

namespace Hongbao.Grains.Wallets;

/// <summary>The wallet's money rules (docs/invariants.md), checked before every write and after every load.</summary>
public static class WalletInvariants
{
    public static void Check(WalletState s)
    {
        Invariant.Ensure(s.BalanceFen >= 0, "a balance is never negative");
        Invariant.Ensure(s.DepositedFen >= 0, "deposits are positive");
        Invariant.Ensure(s.LedgerSequence >= 0, "ledger sequences start at 1");
    }

    /// <summary>A change's entries continue the ledger and end at the new balance.</summary>
    public static void CheckChange(WalletState before, WalletState after, ImmutableList<LedgerRecord> entries)
    {
        Check(after);
        var balanceFen = before.BalanceFen;
        var sequence = before.LedgerSequence;
        foreach (var record in entries)
        {
            balanceFen = checked(balanceFen + record.Entry.AmountFen);
            Invariant.Ensure(record.Entry.Sequence == ++sequence, "ledger sequences rise by one");
            Invariant.Ensure(record.Entry.BalanceAfterFen == balanceFen, "each entry's balance after chains from the one before");
        }

        Invariant.Ensure(balanceFen == after.BalanceFen && sequence == after.LedgerSequence, "the newest ledger entry ends at the balance");
    }
}
