namespace Hongbao.LoadTests.Stats;

/// <summary>A cheap point-in-time view for the live console.</summary>
public sealed record LiveSample(string ScenarioName, TimeSpan Elapsed, long OkCount, long FailCount, long Dropped, double OkP99Ms)
{
    public double Rps => Elapsed <= TimeSpan.Zero ? 0 : (OkCount + FailCount) / Elapsed.TotalSeconds;
}
