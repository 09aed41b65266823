using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes;

/// <summary>The split rule of design.md §2, computed at grab time.</summary>
public static class ShareSplit
{
    /// <summary>
    /// The next lucky share ("double mean"): uniform in [min, max] with
    /// max = min(floor(2r/n), r − min·(n−1)); the last share takes the rest, so shares sum exactly.
    /// </summary>
    public static long NextLuckyShareFen(long remainingFen, int sharesLeft, IShareRandom random)
    {
        const long min = EnvelopeOptions.ShareMinFen;
        Invariant.Ensure(sharesLeft >= 1, "a share is only drawn while shares are left");
        Invariant.Ensure(remainingFen >= min * sharesLeft, "the remainder covers the minimum of every share left");

        if (sharesLeft == 1)
        {
            return remainingFen;
        }

        var doubleMeanFen = remainingFen / sharesLeft * 2 + remainingFen % sharesLeft * 2 / sharesLeft;
        var maxFen = Math.Min(doubleMeanFen, remainingFen - min * (sharesLeft - 1));
        var shareFen = random.NextInclusive(min, Math.Max(min, maxFen));

        Invariant.Ensure(shareFen >= min && remainingFen - shareFen >= min * (sharesLeft - 1), "a share leaves the minimum for every later share");
        return shareFen;
    }

    /// <summary>The next share of any envelope: fixed envelopes pay the same amount every time.</summary>
    public static long NextShareFen(EnvelopeKind kind, long amountPerShareFen, long remainingFen, int sharesLeft, IShareRandom random) =>
        kind == EnvelopeKind.Fixed ? amountPerShareFen : NextLuckyShareFen(remainingFen, sharesLeft, random);
}
