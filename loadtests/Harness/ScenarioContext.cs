using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Harness;

internal sealed class ScenarioContext(
    ScenarioInfo scenarioInfo,
    long invocationNumber,
    ScenarioRuntime runtime,
    CancellationToken cancellationToken) : IScenarioContext
{
    public ScenarioInfo ScenarioInfo { get; } = scenarioInfo;
    public long InvocationNumber { get; } = invocationNumber;
    public TextWriter Logger => runtime.Logger;
    public object? Data => runtime.Data;
    public Random Random { get; } = new(HashCode.Combine(runtime.Seed, invocationNumber));
    public bool IsWarmUp => runtime.IsWarmUp;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    internal ScenarioCollector Collector => runtime.Collector;
}
