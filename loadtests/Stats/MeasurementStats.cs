namespace Hongbao.LoadTests.Stats;

/// <summary>
/// OK or failed requests of one step or scenario. <c>Latency</c> counts from the intended start (open model:
/// coordinated-omission corrected); <c>ServiceTime</c> counts from the actual start.
/// </summary>
public sealed record MeasurementStats(long Count, double Rps, long Bytes, LatencyStats Latency, LatencyStats ServiceTime)
{
    public static readonly MeasurementStats Empty = new(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty);
}
