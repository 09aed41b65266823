namespace Hongbao.LoadTests.Stats;

/// <summary>A latency distribution in milliseconds.</summary>
public sealed record LatencyStats(
    double MinMs, double MeanMs, double MaxMs, double StdDevMs,
    double P50Ms, double P75Ms, double P95Ms, double P99Ms, double P999Ms)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
