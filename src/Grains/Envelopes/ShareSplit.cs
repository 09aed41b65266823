using Hongbao.Grains.Common;

namespace Hongbao.Grains.Envelopes;

/// <summary>The lucky split rule ("double mean", as WeChat splits), computed at grab time.</summary>
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
}
