using System.Diagnostics;
using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes;

/// <summary>The envelope's money rules (docs/invariants.md), checked before every write and after every load.</summary>
public static class EnvelopeInvariants
{
    public static void Check(EnvelopeState s)
    {
        if (!s.IsOpened)
        {
            return;
        }

        Invariant.Ensure(s.TotalFen > 0 && s.Shares > 0, "an open envelope has a positive total and share count");
        Invariant.Ensure(s.PaidFen + s.RemainingFen == s.TotalFen, "paid + remaining = total");
        Invariant.Ensure(s.Grabs.Count <= s.Shares, "no more grabs than shares");
        Invariant.Ensure(s.RemainingFen >= s.RemainingShares * EnvelopeOptions.ShareMinFen, "the remainder covers the minimum of every share left");
        Invariant.Ensure(!s.IsExhausted || s.RemainingFen == 0, "an exhausted envelope has paid out exactly its total");
        Invariant.Ensure(s.CreditedShares >= 0 && s.CreditedShares <= s.Grabs.Count, "only granted shares are credited");
        Invariant.Ensure(s.CreditedFen >= 0 && s.CreditedFen <= s.PaidFen, "credits never exceed what was granted");
        Invariant.Ensure(!s.Refunded || s.RefundedFen == s.RemainingFen, "the refund is exactly the unclaimed remainder");
        Invariant.Ensure(s.Refunded || s.RefundedFen == 0, "nothing is refunded before the refund");
        Debug.Assert(s.Grabs.Sum(g => g.AmountFen) == s.PaidFen, "grabs sum to what was paid"); // O(n)
        Debug.Assert(s.Grabs.Take(s.CreditedShares).Sum(g => g.AmountFen) == s.CreditedFen, "credited grabs sum to what was credited"); // O(n)
    }
}
