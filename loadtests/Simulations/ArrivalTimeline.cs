namespace Hongbao.LoadTests.Simulations;

/// <summary>
/// Pure arrival math for the open model: when each arrival is due, as an offset from the phase start.
/// Arrivals are spread evenly (a rate of 10 per second arrives every 100 ms), never in bursts at interval starts,
/// or, with <see cref="ArrivalPattern.Poisson"/>, as a Poisson process of the same rate (seeded): bursty, as a
/// midnight crowd is, with the same mean.
/// </summary>
public static class ArrivalTimeline
{
    /// <summary>
    /// Arrivals for a rate ramping linearly from <paramref name="startRate"/> to <paramref name="endRate"/> (per interval).
    /// Arrival k is due when the integrated rate reaches k, so a constant rate gives exact even spacing.
    /// </summary>
    public static IEnumerable<TimeSpan> Ramp(double startRate, double endRate, TimeSpan interval, TimeSpan during, Random? poisson = null)
    {
        var seconds = during.TotalSeconds;
        var perSecondStart = startRate / interval.TotalSeconds;
        var perSecondEnd = endRate / interval.TotalSeconds;
        var total = CountRamp(startRate, endRate, interval, during);
        // N(t) = b t + a t^2, with a = (end - start) / (2 D), b = start.
        var a = (perSecondEnd - perSecondStart) / (2 * seconds);
        var b = perSecondStart;
        if (poisson is null)
        {
            for (long k = 0; k < total; k++)
            {
                yield return At(a, b, k, seconds);
            }

            yield break;
        }

        // A unit-rate Poisson process mapped through N(t): exponential gaps in "arrival count" space.
        var expected = (startRate + endRate) / 2 * (during / interval);
        for (var s = NextGap(poisson); s < expected; s += NextGap(poisson))
        {
            yield return At(a, b, s, seconds);
        }
    }

    private static TimeSpan At(double a, double b, double count, double seconds)
    {
        var t = Math.Abs(a) < 1e-12 ? count / b : SolveQuadratic(a, b, count);
        return TimeSpan.FromSeconds(Math.Clamp(t, 0, seconds));
    }

    private static double NextGap(Random random) => -Math.Log(1 - random.NextDouble());

    public static long CountRamp(double startRate, double endRate, TimeSpan interval, TimeSpan during) =>
        (long)Math.Floor((startRate + endRate) / 2 * (during / interval) + 1e-9);

    /// <summary>Each interval gets its own rate, drawn uniformly from [min, max] with the given random source.</summary>
    public static IEnumerable<TimeSpan> Random(int minRate, int maxRate, TimeSpan interval, TimeSpan during, Random random, bool poisson = false)
    {
        var intervals = (long)Math.Ceiling(during / interval - 1e-9);
        for (long i = 0; i < intervals; i++)
        {
            var start = interval * i;
            var length = i == intervals - 1 ? during - start : interval;
            var rate = random.Next(minRate, maxRate + 1) * (length / interval);
            foreach (var offset in Ramp(rate, rate, length, length, poisson ? random : null))
            {
                yield return start + offset;
            }
        }
    }

    /// <summary>The arrivals of one open-model phase, or none for a closed-model or pause phase.</summary>
    public static IEnumerable<TimeSpan> For(
        LoadSimulation simulation, double previousRatePerSecond, Random random, ArrivalPattern pattern = ArrivalPattern.Even)
    {
        var poisson = pattern == ArrivalPattern.Poisson ? random : null;
        return simulation switch
        {
            Inject inject => Ramp(inject.Rate, inject.Rate, inject.Interval, inject.During, poisson),
            RampingInject ramp => Ramp(ScaleRate(previousRatePerSecond, ramp.Interval), ramp.Rate, ramp.Interval, ramp.During, poisson),
            InjectRandom rnd => Random(rnd.MinRate, rnd.MaxRate, rnd.Interval, rnd.During, random, poisson is not null),
            _ => [],
        };
    }

    /// <summary>The per-second rate a phase ends on, which the next ramping phase starts from.</summary>
    public static double EndRatePerSecond(LoadSimulation simulation, double previousRatePerSecond) => simulation switch
    {
        Inject inject => inject.Rate / inject.Interval.TotalSeconds,
        RampingInject ramp => ramp.Rate / ramp.Interval.TotalSeconds,
        InjectRandom rnd => (rnd.MinRate + rnd.MaxRate) / 2.0 / rnd.Interval.TotalSeconds,
        Pause => previousRatePerSecond,
        _ => 0,
    };

    /// <summary>Converts a per-second rate into a rate per <paramref name="interval"/>.</summary>
    public static double ScaleRate(double ratePerSecond, TimeSpan interval) => ratePerSecond * interval.TotalSeconds;

    private static double SolveQuadratic(double a, double b, double k)
    {
        var discriminant = Math.Max(0, b * b + 4 * a * k);
        return (-b + Math.Sqrt(discriminant)) / (2 * a);
    }
}
