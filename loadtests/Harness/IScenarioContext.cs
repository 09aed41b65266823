namespace Hongbao.LoadTests.Harness;

/// <summary>What one iteration of a scenario sees.</summary>
public interface IScenarioContext
{
    ScenarioInfo ScenarioInfo { get; }

    /// <summary>Scenario-wide iteration number, unique across virtual users and starting at 0 (warm-up included).</summary>
    long InvocationNumber { get; }

    TextWriter Logger { get; }

    /// <summary>The per-scenario data set by the init hook (<see cref="ScenarioInitContext.Data"/>).</summary>
    object? Data { get; }

    /// <summary>A random source for this iteration, derived from the run seed so a run can be replayed.</summary>
    Random Random { get; }

    bool IsWarmUp { get; }

    CancellationToken CancellationToken { get; }
}
