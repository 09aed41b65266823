namespace Hongbao.LoadTests.Simulations;

/// <summary>One phase of load; phases run one after another, like NBomber's <c>LoadSimulation</c>.</summary>
public abstract record LoadSimulation
{
    /// <summary>How long the phase runs; <see cref="IterationsForConstant"/> reports its safety timeout.</summary>
    public abstract TimeSpan Duration { get; }
}

/// <summary>Open model: <c>Rate</c> arrivals per <c>Interval</c>, evenly spaced, for <c>During</c>.</summary>
public sealed record Inject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation
{
    public override TimeSpan Duration => During;
}

/// <summary>Open model: the arrival rate ramps linearly from the previous phase's rate to <c>Rate</c>.</summary>
public sealed record RampingInject(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation
{
    public override TimeSpan Duration => During;
}

/// <summary>Open model: each interval draws a rate uniformly from [MinRate, MaxRate] (seeded).</summary>
public sealed record InjectRandom(int MinRate, int MaxRate, TimeSpan Interval, TimeSpan During) : LoadSimulation
{
    public override TimeSpan Duration => During;
}

/// <summary>Closed model: <c>Copies</c> virtual users loop back to back for <c>During</c>.</summary>
public sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation
{
    public override TimeSpan Duration => During;
}

/// <summary>Closed model: the number of virtual users ramps linearly from the previous phase's copies to <c>Copies</c>.</summary>
public sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation
{
    public override TimeSpan Duration => During;
}

/// <summary>Closed model: <c>Copies</c> virtual users share <c>Iterations</c> iterations; <c>Timeout</c> bounds the phase.</summary>
public sealed record IterationsForConstant(int Copies, long Iterations, TimeSpan Timeout) : LoadSimulation
{
    public override TimeSpan Duration => Timeout;
}

/// <summary>No load for <c>During</c>.</summary>
public sealed record Pause(TimeSpan During) : LoadSimulation
{
    public override TimeSpan Duration => During;
}
