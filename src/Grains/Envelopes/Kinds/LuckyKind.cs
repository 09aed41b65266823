using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes.Kinds;

/// <summary>The sender gives a total; each grab draws a random share by the double-mean rule (<see cref="ShareSplit"/>).</summary>
public sealed class LuckyKind : EnvelopeKindRule
{
    public override EnvelopeKind Kind => EnvelopeKind.Lucky;

    public override string AmountMember => "totalAmount";

    public override string AmountDescription => "lucky: the whole amount in fen, at least one fen per share.";

    public override long? AmountOf(EnvelopeSpec spec) => spec.TotalAmountFen;

    public override void Validate(EnvelopeSpec spec, long amountFen, EnvelopeOptions limits, Action<string, string> fail)
    {
        if (amountFen <= 0 || amountFen > limits.TotalMaxFen)
        {
            fail(AmountMember, $"{AmountMember} must be between 1 and {limits.TotalMaxFen} fen.");
        }
        else if (spec.Shares >= 1 && amountFen < spec.Shares * EnvelopeOptions.ShareMinFen)
        {
            fail(AmountMember, $"{AmountMember} must be at least shares × {EnvelopeOptions.ShareMinFen} fen.");
        }
    }

    public override long FundedFen(EnvelopeSpec spec) => spec.TotalAmountFen.GetValueOrDefault();

    public override long NextShareFen(EnvelopeState current, IShareRandom random) =>
        ShareSplit.NextLuckyShareFen(current.RemainingFen, current.RemainingShares, random);
}
