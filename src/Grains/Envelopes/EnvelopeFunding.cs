using Hongbao.Grains.Envelopes.Kinds;

namespace Hongbao.Grains.Envelopes;

public static class EnvelopeFunding
{
    extension(EnvelopeSpec spec)
    {
        /// <summary>The amount the sender is debited, by the rule of the spec's kind; only meaningful for a valid spec.</summary>
        public long FundedFen => EnvelopeKinds.Of(spec.Kind).FundedFen(spec);
    }
}
