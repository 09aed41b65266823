using System.Text.Json;
using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Harness;

/// <summary>An immutable scenario definition; every <c>With…</c> returns a changed copy.</summary>
public sealed record ScenarioProps(string Name, Func<IScenarioContext, Task<IResponse>> Run)
{
    public const int DefaultMaxInFlight = 1024;

    public Func<ScenarioInitContext, Task>? Init { get; init; }
    public Func<ScenarioInitContext, Task>? Clean { get; init; }

    /// <summary>Runs after the warm-up and before the measured load, e.g. to size what the load consumes from the warm-up's rate.</summary>
    public Func<LoadStartContext, Task>? BeforeLoad { get; init; }
    public Func<ScenarioInitContext, CancellationToken, Task<AuditResult>>? Audit { get; init; }
    public TimeSpan WarmUpDuration { get; init; } = TimeSpan.FromSeconds(3);
    public IReadOnlyList<LoadSimulation> LoadSimulations { get; init; } =
        [Simulation.KeepConstant(1, TimeSpan.FromSeconds(10))];

    /// <summary>Iterations allowed in flight at once; open-model arrivals beyond it are dropped, not queued.</summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    public JsonElement? CustomSettings { get; init; }

    /// <summary>Spacing of open-model arrivals: even (default) or Poisson.</summary>
    public ArrivalPattern Arrivals { get; init; } = ArrivalPattern.Even;

    public ScenarioProps WithInit(Func<ScenarioInitContext, Task> init) => this with { Init = init };
    public ScenarioProps WithBeforeLoad(Func<LoadStartContext, Task> beforeLoad) => this with { BeforeLoad = beforeLoad };
    public ScenarioProps WithClean(Func<ScenarioInitContext, Task> clean) => this with { Clean = clean };
    public ScenarioProps WithWarmUpDuration(TimeSpan duration) => this with { WarmUpDuration = duration };
    public ScenarioProps WithoutWarmUp() => this with { WarmUpDuration = TimeSpan.Zero };

    public ScenarioProps WithLoadSimulations(params LoadSimulation[] simulations)
    {
        if (simulations.Length == 0)
        {
            throw new ArgumentException("at least one load simulation is required", nameof(simulations));
        }

        return this with { LoadSimulations = simulations };
    }

    public ScenarioProps WithMaxInFlight(int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        return this with { MaxInFlight = maxInFlight };
    }

    public ScenarioProps WithCustomSettings(JsonElement? settings) => this with { CustomSettings = settings };

    public ScenarioProps WithArrivals(ArrivalPattern arrivals) => this with { Arrivals = arrivals };

    /// <summary>Attach an audit that runs after clean; a failed audit fails the run.</summary>
    public ScenarioProps WithAudit(Func<ScenarioInitContext, CancellationToken, Task<AuditResult>> audit) =>
        this with { Audit = audit };
}
