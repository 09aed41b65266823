using HdrHistogram;

namespace Hongbao.LoadTests.Stats;

/// <summary>
/// Latencies in microseconds: percentiles from HdrHistogram, exact min/max/mean/stddev beside it.
/// Not thread-safe: the owning collector serializes access.
/// </summary>
internal sealed class LatencyRecorder(long highestMicros = LatencyRecorder.HighestMicros, int significantDigits = 3)
{
    public const long LowestMicros = 1;

    /// <summary>One hour: anything slower is clamped, so the histogram never throws on an outlier.</summary>
    public const long HighestMicros = 3_600_000_000;

    private readonly LongHistogram histogram = new(LowestMicros, highestMicros, significantDigits);
    private readonly long highestMicros = highestMicros;
    private long count;
    private double sumMicros;
    private double sumSquaresMicros;
    private long minMicros = long.MaxValue;
    private long maxMicros;

    public long Count => count;

    public static long ToClampedMicros(TimeSpan latency, long highestMicros = HighestMicros) =>
        Math.Clamp((long)Math.Round(latency.TotalMicroseconds), LowestMicros, highestMicros);

    public void Record(TimeSpan latency)
    {
        var micros = ToClampedMicros(latency, highestMicros);
        histogram.RecordValue(micros);
        count++;
        sumMicros += micros;
        sumSquaresMicros += (double)micros * micros;
        minMicros = Math.Min(minMicros, micros);
        maxMicros = Math.Max(maxMicros, micros);
    }

    public double PercentileMs(double percentile) =>
        count == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public LatencyStats Snapshot()
    {
        if (count == 0) return LatencyStats.Empty;
        var mean = sumMicros / count;
        var variance = Math.Max(0, sumSquaresMicros / count - mean * mean);
        return new LatencyStats(
            MinMs: minMicros / 1000.0,
            MeanMs: mean / 1000.0,
            MaxMs: maxMicros / 1000.0,
            StdDevMs: Math.Sqrt(variance) / 1000.0,
            P50Ms: PercentileMs(50),
            P75Ms: PercentileMs(75),
            P95Ms: PercentileMs(95),
            P99Ms: PercentileMs(99),
            P999Ms: PercentileMs(99.9));
    }
}
