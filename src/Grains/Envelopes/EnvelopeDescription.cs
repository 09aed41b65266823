namespace Hongbao.Grains.Envelopes;

/// <summary>The durable view of an envelope at a moment: its status, its first grabs and its best luck.</summary>
public static class EnvelopeDescription
{
    public static EnvelopeDetails Of(EnvelopeState s, DateTimeOffset now, int grabsMax = int.MaxValue)
    {
        var status = s.IsSettledAt(now) ? EnvelopeStatus.Settled
            : s.IsExhausted ? EnvelopeStatus.Exhausted
            : s.IsExpiredAt(now) ? EnvelopeStatus.Expired
            : EnvelopeStatus.Open;
        return new EnvelopeDetails(
            s.EnvelopeId, s.Kind, s.SenderId, s.Greeting, s.TotalFen, s.Shares, s.RemainingFen, s.RemainingShares,
            status, s.CreatedAt, s.ExpiresAt, s.Grabs.Count <= grabsMax ? s.Grabs : s.Grabs.GetRange(0, grabsMax), s.IsExhausted ? BestLuck(s.Grabs) : null,
            s.HeldFen, s.CreditedShares, s.RefundedFen);
    }

    /// <summary>The largest share; ties go to the earliest grab.</summary>
    private static Grab? BestLuck(ImmutableList<Grab> grabs)
    {
        Grab? best = null;
        foreach (var grab in grabs)
        {
            if (best is null || grab.AmountFen > best.AmountFen)
            {
                best = grab;
            }
        }

        return best;
    }
}
