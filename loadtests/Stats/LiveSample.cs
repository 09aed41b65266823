namespace Hongbao.LoadTests.Stats;

/// <summary>A cheap point-in-time view for the live console.</summary>
public sealed record LiveSample(string ScenarioName, TimeSpan Elapsed, long OkCount, long FailCount, long Dropped, double OkP99Ms)
{
    public long Refused { get; init; }

    /// <summary>Answered iterations per second, whatever the answer.</summary>
    public double Rps => Elapsed <= TimeSpan.Zero ? 0 : (OkCount + FailCount) / Elapsed.TotalSeconds;

    /// <summary>Business successes per second: OK answers that were not expected refusals.</summary>
    public double SuccessRps => Elapsed <= TimeSpan.Zero ? 0 : (OkCount - Refused) / Elapsed.TotalSeconds;
}
