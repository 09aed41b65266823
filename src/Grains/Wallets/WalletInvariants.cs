using Hongbao.Grains.Common;

namespace Hongbao.Grains.Wallets;

/// <summary>The wallet's money rules (docs/invariants.md), checked before every write and after every load.</summary>
public static class WalletInvariants
{
    public static void Check(WalletState s, WalletOptions limits)
    {
        Invariant.Ensure(s.BalanceFen >= 0, "a balance is never negative");
        Invariant.Ensure(s.DepositedFen >= 0, "deposits are positive");
        Invariant.Ensure(s.Ledger.Count <= limits.LedgerMax, "the ledger is bounded");
        Invariant.Ensure(s.Applied.Count == s.AppliedOrder.Count && s.Applied.Count <= limits.AppliedOperationsMax, "the dedupe memory is bounded and consistent");
        Invariant.Ensure(s.Ledger.IsEmpty || s.Ledger[^1].BalanceAfterFen == s.BalanceFen, "the newest ledger entry ends at the balance");
    }
}
