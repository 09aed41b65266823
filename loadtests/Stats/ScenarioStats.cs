namespace Hongbao.LoadTests.Stats;

/// <summary>Everything measured for one scenario after warm-up.</summary>
public sealed record ScenarioStats(
    string Name,
    TimeSpan Duration,
    MeasurementStats Ok,
    MeasurementStats Fail,
    long Dropped,
    IReadOnlyList<StatusCodeStats> StatusCodes,
    IReadOnlyList<StepStats> Steps,
    IReadOnlyList<TimelinePoint> Timeline)
{
    public long Count => Ok.Count + Fail.Count;
    public double FailRatePercent => Count == 0 ? 0 : 100.0 * Fail.Count / Count;

    /// <summary>Answered iterations per second, whatever the answer (refusals and failures included).</summary>
    public double Rps => Duration <= TimeSpan.Zero ? 0 : Count / Duration.TotalSeconds;

    /// <summary>The headline: business successes per second (OK answers that were not expected refusals).</summary>
    public double SuccessRps => Duration <= TimeSpan.Zero ? 0 : Ok.Succeeded / Duration.TotalSeconds;
}
