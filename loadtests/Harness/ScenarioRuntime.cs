using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Harness;

/// <summary>Per-scenario state shared by every iteration of one run (warm-up or measured).</summary>
internal sealed class ScenarioRuntime(ScenarioCollector collector, object? data, int seed, TextWriter logger, bool isWarmUp)
{
    public ScenarioCollector Collector { get; } = collector;
    public object? Data { get; } = data;
    public int Seed { get; } = seed;
    public TextWriter Logger { get; } = logger;
    public bool IsWarmUp { get; } = isWarmUp;

    /// <summary>Shared across warm-up and measurement so invocation numbers never repeat within a run.</summary>
    public required InvocationCounter Invocations { get; init; }

    public long NextInvocation() => Invocations.Next();
}
