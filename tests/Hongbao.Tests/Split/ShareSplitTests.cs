using CsCheck;
using Hongbao.Contracts.Common;
using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Envelopes.Kinds;

namespace Hongbao.Tests.Split;

public sealed class ShareSplitTests
{
    private static long[] SplitAll(long totalFen, int shares, IShareRandom random)
    {
        var amounts = new long[shares];
        var remainingFen = totalFen;
        for (var i = 0; i < shares; i++)
        {
            amounts[i] = ShareSplit.NextLuckyShareFen(remainingFen, shares - i, random);
            remainingFen -= amounts[i];
        }

        return amounts;
    }

    [Fact]
    public void Every_lucky_split_sums_exactly_and_pays_at_least_one_fen_per_share()
    {
        Gen.Select(Gen.Int[1, 2_000], Gen.Long[0, 1_000_000], Gen.Int)
            .Sample((shares, extraFen, seed) =>
            {
                var totalFen = shares + extraFen;
                var amounts = SplitAll(totalFen, shares, new SeededShareRandom(seed));
                return amounts.Sum() == totalFen && amounts.All(a => a >= EnvelopeOptions.ShareMinFen);
            }, iter: 2_000);
    }

    [Fact]
    public void No_lucky_share_exceeds_twice_the_mean_of_what_is_left()
    {
        Gen.Select(Gen.Int[2, 500], Gen.Long[0, 100_000], Gen.Int)
            .Sample((shares, extraFen, seed) =>
            {
                var random = new SeededShareRandom(seed);
                var remainingFen = shares + extraFen;
                for (var left = shares; left > 1; left--)
                {
                    var share = ShareSplit.NextLuckyShareFen(remainingFen, left, random);
                    if (share > Math.Max(1, 2 * remainingFen / left))
                    {
                        return false;
                    }

                    remainingFen -= share;
                }

                return true;
            }, iter: 1_000);
    }

    [Theory]
    [InlineData(10_000, 10)]
    [InlineData(1_000, 7)]
    [InlineData(100_000, 100)]
    public void The_mean_share_at_every_grab_position_is_the_fair_share(long totalFen, int shares)
    {
        const int envelopes = 20_000;
        var random = new SeededShareRandom(42);
        var sumAtPosition = new double[shares];
        var sumOfSquaresAtPosition = new double[shares];
        for (var e = 0; e < envelopes; e++)
        {
            var amounts = SplitAll(totalFen, shares, random);
            for (var i = 0; i < shares; i++)
            {
                sumAtPosition[i] += amounts[i];
                sumOfSquaresAtPosition[i] += (double)amounts[i] * amounts[i];
            }
        }

        var fairFen = (double)totalFen / shares;
        for (var i = 0; i < shares; i++)
        {
            var mean = sumAtPosition[i] / envelopes;
            var stddev = Math.Sqrt(sumOfSquaresAtPosition[i] / envelopes - mean * mean);
            // Six standard errors (plus a fen for integer rounding): a real bias fails, noise does not (seed 42).
            var tolerance = 6 * stddev / Math.Sqrt(envelopes) + 1;
            Assert.True(Math.Abs(mean - fairFen) <= tolerance, $"position {i}: mean {mean:F2} vs fair {fairFen:F2} (tolerance {tolerance:F2}, seed 42)");
        }
    }

    [Fact]
    public void The_last_share_takes_the_rest_and_a_minimal_envelope_pays_one_fen_each()
    {
        var random = new SeededShareRandom(1);
        Assert.Equal(37, ShareSplit.NextLuckyShareFen(37, 1, random));
        Assert.All(SplitAll(5, 5, random), a => Assert.Equal(1, a));
    }

    [Fact]
    public void A_fixed_envelope_pays_its_amount_per_share()
    {
        var envelope = new EnvelopeState { Kind = EnvelopeKind.Fixed, AmountPerShareFen = 88, Shares = 10, TotalFen = 880, RemainingFen = 880 };
        Assert.Equal(88, EnvelopeKinds.Of(EnvelopeKind.Fixed).NextShareFen(envelope, new SeededShareRandom(3)));
    }

    [Fact]
    public void A_share_cannot_be_drawn_from_a_remainder_too_small_for_the_shares_left()
    {
        Assert.Throws<InvariantViolationException>(() => ShareSplit.NextLuckyShareFen(3, 4, new SeededShareRandom(1)));
    }
}
