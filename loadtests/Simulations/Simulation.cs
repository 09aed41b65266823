namespace Hongbao.LoadTests.Simulations;

/// <summary>Factories with NBomber's names and argument order; they validate so a bad plan fails before the run.</summary>
public static class Simulation
{
    public static readonly TimeSpan DefaultIterationsTimeout = TimeSpan.FromMinutes(10);

    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during)
    {
        CheckRate(rate);
        CheckPositive(interval, nameof(interval));
        CheckPositive(during, nameof(during));
        return new Inject(rate, interval, during);
    }

    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during)
    {
        CheckRate(rate);
        CheckPositive(interval, nameof(interval));
        CheckPositive(during, nameof(during));
        return new RampingInject(rate, interval, during);
    }

    public static LoadSimulation InjectRandom(int minRate, int maxRate, TimeSpan interval, TimeSpan during)
    {
        CheckRate(minRate);
        CheckRate(maxRate);
        if (minRate > maxRate)
        {
            throw new ArgumentException($"minRate {minRate} is above maxRate {maxRate}");
        }

        CheckPositive(interval, nameof(interval));
        CheckPositive(during, nameof(during));
        return new InjectRandom(minRate, maxRate, interval, during);
    }

    public static LoadSimulation KeepConstant(int copies, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        CheckPositive(during, nameof(during));
        return new KeepConstant(copies, during);
    }

    public static LoadSimulation RampingConstant(int copies, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copies);
        CheckPositive(during, nameof(during));
        return new RampingConstant(copies, during);
    }

    public static LoadSimulation IterationsForConstant(int copies, long iterations, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var bound = timeout ?? DefaultIterationsTimeout;
        CheckPositive(bound, nameof(timeout));
        return new IterationsForConstant(copies, iterations, bound);
    }

    public static LoadSimulation Pause(TimeSpan during)
    {
        CheckPositive(during, nameof(during));
        return new Pause(during);
    }

    private static void CheckRate(int rate)
    {
        // The upper bound keeps one phase's arrival plan and the scheduler's bursts bounded.
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 10_000_000);
    }

    private static void CheckPositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
