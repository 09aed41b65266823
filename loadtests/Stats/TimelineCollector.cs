namespace Hongbao.LoadTests.Stats;

/// <summary>Per-second buckets. Bounded: seconds past <see cref="MaxSeconds"/> fold into the last bucket.</summary>
internal sealed class TimelineCollector
{
    public const int MaxSeconds = 4 * 3600;

    // Two significant digits and a one-minute ceiling keep each second's histogram small.
    private const long BucketHighestMicros = 60_000_000;

    private readonly List<Bucket> buckets = [];

    public void Record(TimeSpan sinceStart, bool isError, TimeSpan latency)
    {
        var bucket = BucketAt(sinceStart);
        if (isError) bucket.FailCount++;
        else
        {
            bucket.OkCount++;
            bucket.Latency.Record(latency);
        }
    }

    public void RecordDropped(TimeSpan sinceStart) => BucketAt(sinceStart).Dropped++;

    public IReadOnlyList<TimelinePoint> Snapshot() =>
        [.. buckets.Select((bucket, second) => new TimelinePoint(
            second + 1, bucket.OkCount, bucket.FailCount, bucket.Dropped,
            bucket.Latency.PercentileMs(50), bucket.Latency.PercentileMs(99)))];

    private Bucket BucketAt(TimeSpan sinceStart)
    {
        var second = Math.Clamp((int)sinceStart.TotalSeconds, 0, MaxSeconds - 1);
        while (buckets.Count <= second) buckets.Add(new Bucket());
        return buckets[second];
    }

    private sealed class Bucket
    {
        public long OkCount;
        public long FailCount;
        public long Dropped;
        public readonly LatencyRecorder Latency = new(BucketHighestMicros, 2);
    }
}
