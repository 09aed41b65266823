using HdrHistogram;
using HdrHistogram.Utilities;

namespace Hongbao.LoadTests.Stats;

/// <summary>
/// Latencies in microseconds: percentiles from HdrHistogram, exact count/min/max/sum/sum of squares beside it.
/// Recorders add up exactly (histogram counts and moments), which is how per-thread recorders and runs from
/// several machines combine. Not thread-safe: each recorder has one writer at a time.
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

    /// <summary>Adds another recorder's samples: the result is what one recorder fed both sample sets holds.</summary>
    public void Add(LatencyRecorder other)
    {
        if (other.count == 0)
        {
            return;
        }

        histogram.Add(other.histogram);
        count += other.count;
        sumMicros += other.sumMicros;
        sumSquaresMicros += other.sumSquaresMicros;
        minMicros = Math.Min(minMicros, other.minMicros);
        maxMicros = Math.Max(maxMicros, other.maxMicros);
    }

    public double PercentileMs(double percentile) =>
        count == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public LatencyStats Snapshot()
    {
        if (count == 0)
        {
            return LatencyStats.Empty;
        }

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
            P999Ms: PercentileMs(99.9))
        {
            Histogram = new EncodedHistogram(count, sumMicros, sumSquaresMicros, minMicros, maxMicros, Encode()),
        };
    }

    /// <summary>Rebuilds a recorder from a report's encoded histogram, to merge runs.</summary>
    public static LatencyRecorder Decode(EncodedHistogram encoded)
    {
        var bytes = Convert.FromBase64String(encoded.Counts);
        var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(bytes), 0);
        var recorder = new LatencyRecorder(decoded.HighestTrackableValue, decoded.NumberOfSignificantValueDigits);
        recorder.histogram.Add(decoded);
        recorder.count = encoded.Count;
        recorder.sumMicros = encoded.SumMicros;
        recorder.sumSquaresMicros = encoded.SumSquaresMicros;
        recorder.minMicros = encoded.Count == 0 ? long.MaxValue : encoded.MinMicros;
        recorder.maxMicros = encoded.MaxMicros;
        return recorder;
    }

    private string Encode()
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        // ByteBuffer keeps its array to itself; reading the encoded bytes back is a few kilobytes per run.
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }
}
