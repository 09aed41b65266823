using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Tests;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_match_a_known_uniform_sample()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.Record(TimeSpan.FromMilliseconds(ms));
        }

        var stats = recorder.Snapshot();

        // Three significant digits: HdrHistogram answers within 0.1% of the true value.
        Assert.InRange(stats.P50Ms, 499.5, 500.6);
        Assert.InRange(stats.P75Ms, 749.5, 750.8);
        Assert.InRange(stats.P95Ms, 949.5, 951);
        Assert.InRange(stats.P99Ms, 989.5, 991);
        Assert.InRange(stats.P999Ms, 998.5, 1001);
        Assert.Equal(1, stats.MinMs);
        Assert.Equal(1000, stats.MaxMs);
        Assert.Equal(500.5, stats.MeanMs, 6);
        Assert.Equal(288.6749, stats.StdDevMs, 3);
    }

    [Fact]
    public void Values_outside_the_range_are_clamped_not_thrown()
    {
        var recorder = new LatencyRecorder();

        recorder.Record(TimeSpan.Zero);
        recorder.Record(TimeSpan.FromTicks(-5));
        recorder.Record(TimeSpan.FromHours(5));

        var stats = recorder.Snapshot();
        Assert.Equal(3, recorder.Count);
        Assert.Equal(LatencyRecorder.LowestMicros / 1000.0, stats.MinMs);
        Assert.Equal(LatencyRecorder.HighestMicros / 1000.0, stats.MaxMs);
        Assert.Equal(LatencyRecorder.HighestMicros, LatencyRecorder.ToClampedMicros(TimeSpan.MaxValue));
    }

    [Fact]
    public void An_empty_recorder_reports_zeros()
    {
        Assert.Equal(LatencyStats.Empty, new LatencyRecorder().Snapshot());
    }

    [Fact]
    public void Timeline_buckets_by_second_with_per_second_percentiles()
    {
        var timeline = new TimelineCollector();
        timeline.Record(TimeSpan.FromMilliseconds(100), isError: false, TimeSpan.FromMilliseconds(10));
        timeline.Record(TimeSpan.FromMilliseconds(900), isError: true, TimeSpan.FromMilliseconds(10));
        timeline.Record(TimeSpan.FromMilliseconds(2100), isError: false, TimeSpan.FromMilliseconds(40));
        timeline.RecordDropped(TimeSpan.FromMilliseconds(2200));

        var points = timeline.Snapshot();

        Assert.Equal(3, points.Count);
        Assert.Equal((1, 1, 0), (points[0].OkCount, points[0].FailCount, points[0].Dropped));
        Assert.Equal((0, 0, 0), (points[1].OkCount, points[1].FailCount, points[1].Dropped));
        Assert.Equal(1, points[2].Dropped);
        Assert.InRange(points[2].P99Ms, 39.5, 40.5);
    }
}
