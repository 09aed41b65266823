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
    /// <summary>
    /// When, into the measured load, what the scenario consumes ran out (the hot envelope's last share): the time of
    /// the first exhaustion answer, or of a success answered after it. Null when it lasted the whole run.
    /// </summary>
    public TimeSpan? ExhaustedAt { get; init; }

    public long Count => Ok.Count + Fail.Count;
    public double FailRatePercent => Count == 0 ? 0 : 100.0 * Fail.Count / Count;

    /// <summary>Answered iterations per second, whatever the answer (refusals and failures included).</summary>
    public double Rps => Duration <= TimeSpan.Zero ? 0 : Count / Duration.TotalSeconds;

    /// <summary>The time successes could be had: the measured duration, or less when the scenario's supply ran out.</summary>
    public TimeSpan SuccessWindow => ExhaustedAt is { } exhausted && exhausted < Duration ? exhausted : Duration;

    /// <summary>
    /// The headline: business successes per second (OK answers that were not expected refusals), over
    /// <see cref="SuccessWindow"/>: grants spread over time after the last share would understate the engine.
    /// </summary>
    public double SuccessRps => SuccessWindow <= TimeSpan.Zero ? 0 : Ok.Succeeded / SuccessWindow.TotalSeconds;
}
