using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Harness;

internal sealed class ScenarioContext(
    ScenarioInfo scenarioInfo,
    long invocationNumber,
    ScenarioRuntime runtime,
    long intendedTimestamp,
    CancellationToken cancellationToken) : IScenarioContext
{
    private Random? random;

    public ScenarioInfo ScenarioInfo { get; } = scenarioInfo;
    public long InvocationNumber { get; } = invocationNumber;
    public TextWriter Logger => runtime.Logger;
    public object? Data => runtime.Data;

    /// <summary>Created on first use: most iterations never draw a random number.</summary>
    public Random Random => random ??= new Random(HashCode.Combine(runtime.Seed, InvocationNumber));

    public bool IsWarmUp => runtime.IsWarmUp;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    internal ScenarioCollector Collector => runtime.Collector;

    /// <summary>
    /// When the next step was meant to start: the iteration's intended start for its first step (the open
    /// model's timeline), then the end of the previous step.
    /// </summary>
    internal long NextStepIntended { get; set; } = intendedTimestamp;
}
