using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes;

/// <summary>The envelope's money rules (docs/invariants.md), checked before every write and after every load.</summary>
public static class EnvelopeInvariants
{
    /// <summary>The rules that cost O(1): checked before every write.</summary>
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
        Invariant.Ensure(s.Refunded || !s.RefundPaid, "the refund is paid only once it is decided");
    }

    /// <summary>
    /// Every rule, including those that walk the grabs (O(n)): after every load and reload. Between loads the grain
    /// keeps the sums exact by adding each grab and each credited range as it goes.
    /// </summary>
    public static void CheckAll(EnvelopeState s)
    {
        Check(s);
        long paidFen = 0;
        long creditedFen = 0;
        var users = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Grabs.Count; i++)
        {
            var grab = s.Grabs[i];
            Invariant.Ensure(grab.AmountFen >= EnvelopeOptions.ShareMinFen, "every share is at least the minimum");
            Invariant.Ensure(users.Add(grab.UserId), "a user holds at most one share");
            paidFen += grab.AmountFen;
            creditedFen += i < s.CreditedShares ? grab.AmountFen : 0;
        }

        Invariant.Ensure(paidFen == s.PaidFen, "grabs sum to what was paid");
        Invariant.Ensure(creditedFen == s.CreditedFen, "credited grabs sum to what was credited");
    }

    /// <summary>What the grabs in [from, to) sum to: the money a range of credits moves.</summary>
    public static long SumOf(ImmutableList<Grab> grabs, int from, int to)
    {
        long sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += grabs[i].AmountFen;
        }

        return sum;
    }
}
