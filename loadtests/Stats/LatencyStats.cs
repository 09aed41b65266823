namespace Hongbao.LoadTests.Stats;

/// <summary>A latency distribution in milliseconds, with the encoded histogram it came from (for merging runs).</summary>
public sealed record LatencyStats(
    double MinMs, double MeanMs, double MaxMs, double StdDevMs,
    double P50Ms, double P75Ms, double P95Ms, double P99Ms, double P999Ms)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public EncodedHistogram? Histogram { get; init; }
}

/// <summary>
/// An HdrHistogram of microseconds (V2 compressed encoding, base64) and the exact moments beside it, so merged
/// runs keep exact counts, min, max and mean and percentiles within the histogram's precision.
/// </summary>
public sealed record EncodedHistogram(long Count, double SumMicros, double SumSquaresMicros, long MinMicros, long MaxMicros, string Counts);
