using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes.Kinds;

/// <summary>The sender gives the amount of one share; every grab gets exactly that, and the total is their product.</summary>
public sealed class FixedKind : EnvelopeKindRule
{
    public override EnvelopeKind Kind => EnvelopeKind.Fixed;

    public override string AmountMember => "amountPerShare";

    public override string AmountDescription => "fixed: fen per share.";

    public override long? AmountOf(EnvelopeSpec spec) => spec.AmountPerShareFen;

    public override void Validate(EnvelopeSpec spec, long amountFen, EnvelopeOptions limits, Action<string, string> fail)
    {
        if (amountFen < EnvelopeOptions.ShareMinFen || amountFen > limits.TotalMaxFen)
        {
            fail(AmountMember, $"{AmountMember} must be between {EnvelopeOptions.ShareMinFen} and {limits.TotalMaxFen} fen.");
        }
        else if (spec.Shares >= 1 && amountFen > limits.TotalMaxFen / spec.Shares)
        {
            fail(AmountMember, $"{AmountMember} × shares must be at most {limits.TotalMaxFen} fen.");
        }
    }

    public override long FundedFen(EnvelopeSpec spec) => spec.AmountPerShareFen.GetValueOrDefault() * spec.Shares;

    public override long NextShareFen(EnvelopeState current, IShareRandom random) => current.AmountPerShareFen;
}
