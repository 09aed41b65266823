namespace Hongbao.LoadTests.Simulations;

/// <summary>Sizes a plan before it runs, so init can prepare enough data (users, shares).</summary>
public static class LoadPlan
{
    /// <summary>Open-model arrivals plus fixed iteration counts; closed-model time-bound phases add nothing.</summary>
    public static long PlannedIterations(IReadOnlyList<LoadSimulation> simulations, int seed, ArrivalPattern pattern = ArrivalPattern.Even)
    {
        var random = new Random(seed);
        double previousRatePerSecond = 0;
        long total = 0;
        foreach (var simulation in simulations)
        {
            total += simulation switch
            {
                IterationsForConstant fixedCount => fixedCount.Iterations,
                _ => ArrivalTimeline.For(simulation, previousRatePerSecond, random, pattern).LongCount(),
            };
            previousRatePerSecond = ArrivalTimeline.EndRatePerSecond(simulation, previousRatePerSecond);
        }
        return total;
    }

    /// <summary>True when every phase has a known number of iterations; time-bound closed-model phases do not.</summary>
    public static bool IsCounted(IReadOnlyList<LoadSimulation> simulations) =>
        !simulations.Any(simulation => simulation is KeepConstant or RampingConstant);

    public static TimeSpan TotalDuration(IReadOnlyList<LoadSimulation> simulations) =>
        simulations.Aggregate(TimeSpan.Zero, (sum, simulation) => sum + simulation.Duration);
}
