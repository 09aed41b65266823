using HdrHistogram;

namespace Hongbao.LoadTests.Stats;

/// <summary>
/// Per-second buckets, safe for many writers without a lock: counters are interlocked and each second's
/// histogram is a concurrent one. Bounded: seconds past <see cref="MaxSeconds"/> fold into the last bucket.
/// </summary>
internal sealed class TimelineCollector
{
    public const int MaxSeconds = 4 * 3600;

    // Two significant digits and a one-minute ceiling keep each second's histogram small.
    private const long BucketHighestMicros = 60_000_000;

    private readonly Bucket?[] buckets = new Bucket?[MaxSeconds];
    private int highestSecond = -1;

    public void Record(TimeSpan sinceStart, bool isError, TimeSpan latency, bool isRefusal = false)
    {
        var bucket = BucketAt(sinceStart);
        if (isError)
        {
            Interlocked.Increment(ref bucket.FailCount);
        }
        else
        {
            Interlocked.Increment(ref bucket.OkCount);
            if (isRefusal)
            {
                Interlocked.Increment(ref bucket.Refused);
            }

            bucket.Latency.RecordValue(LatencyRecorder.ToClampedMicros(latency, BucketHighestMicros));
        }
    }

    public void RecordDropped(TimeSpan sinceStart) => Interlocked.Increment(ref BucketAt(sinceStart).Dropped);

    public IReadOnlyList<TimelinePoint> Snapshot()
    {
        var points = new List<TimelinePoint>();
        for (var second = 0; second <= Volatile.Read(ref highestSecond); second++)
        {
            var bucket = Volatile.Read(ref buckets[second]);
            points.Add(bucket is null
                ? new TimelinePoint(second + 1, 0, 0, 0, 0, 0)
                : new TimelinePoint(second + 1, Volatile.Read(ref bucket.OkCount), Volatile.Read(ref bucket.FailCount),
                    Volatile.Read(ref bucket.Dropped), PercentileMs(bucket, 50), PercentileMs(bucket, 99))
                { Refused = Volatile.Read(ref bucket.Refused) });
        }
        return points;
    }

    private static double PercentileMs(Bucket bucket, double percentile) =>
        bucket.Latency.TotalCount == 0 ? 0 : bucket.Latency.GetValueAtPercentile(percentile) / 1000.0;

    private Bucket BucketAt(TimeSpan sinceStart)
    {
        var second = Math.Clamp((int)sinceStart.TotalSeconds, 0, MaxSeconds - 1);
        if (Volatile.Read(ref buckets[second]) is { } existing)
        {
            return existing;
        }
        // A new second starts about once a second: losing this race only wastes one allocation.
        Interlocked.CompareExchange(ref buckets[second], new Bucket(), null);
        int seen;
        while ((seen = Volatile.Read(ref highestSecond)) < second && Interlocked.CompareExchange(ref highestSecond, second, seen) != seen)
        {
        }
        return buckets[second]!;
    }

    private sealed class Bucket
    {
        public long OkCount;
        public long FailCount;
        public long Dropped;
        public long Refused;
        public readonly LongConcurrentHistogram Latency = new(LatencyRecorder.LowestMicros, BucketHighestMicros, 2);
    }
}
