namespace Hongbao.LoadTests.Stats;

/// <summary>
/// OK or failed requests of one step or scenario. <c>Latency</c> counts from the intended start (the open
/// model's evenly spaced or Poisson timeline, so a stall shows up as latency); <c>ServiceTime</c> from the actual
/// start. <c>Refused</c> counts OK answers that were expected refusals (exhausted, already grabbed), not successes.
/// </summary>
public sealed record MeasurementStats(long Count, double Rps, long Bytes, LatencyStats Latency, LatencyStats ServiceTime)
{
    public static readonly MeasurementStats Empty = new(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty);

    public long Refused { get; init; }

    /// <summary>OK answers that were business successes (a grant, a created envelope, a read).</summary>
    public long Succeeded => Count - Refused;
}
