using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Stats;

/// <summary>
/// OK and failed outcomes of one step or one scenario, kept apart; OK outcomes that were expected refusals
/// (an exhausted envelope, a repeat grab) are counted apart from successes. Not thread-safe: one writer at a time.
/// </summary>
internal sealed class OutcomeCollector
{
    private readonly LatencyRecorder okLatency = new();
    private readonly LatencyRecorder okService = new();
    private readonly LatencyRecorder failLatency = new();
    private readonly LatencyRecorder failService = new();
    private readonly Dictionary<(string Code, bool IsError, bool IsRefusal), (long Count, string Message)> statusCodes = [];
    private long okBytes;
    private long failBytes;
    private long refused;

    public long OkCount => okLatency.Count;
    public long FailCount => failLatency.Count;
    public long Refused => refused;
    public double OkP99Ms => okLatency.PercentileMs(99);

    public void Record(IResponse response, TimeSpan latency, TimeSpan serviceTime)
    {
        if (response.IsError)
        {
            failLatency.Record(latency);
            failService.Record(serviceTime);
            failBytes += response.SizeBytes;
        }
        else
        {
            okLatency.Record(latency);
            okService.Record(serviceTime);
            okBytes += response.SizeBytes;
            if (response.IsRefusal)
            {
                refused++;
            }
        }

        var key = (response.StatusCode, response.IsError, response.IsRefusal);
        statusCodes[key] = statusCodes.TryGetValue(key, out var seen)
            ? (seen.Count + 1, seen.Message)
            : (1, response.Message);
    }

    /// <summary>Adds another collector's outcomes (another thread's, or another run's).</summary>
    public void Add(OutcomeCollector other)
    {
        okLatency.Add(other.okLatency);
        okService.Add(other.okService);
        failLatency.Add(other.failLatency);
        failService.Add(other.failService);
        okBytes += other.okBytes;
        failBytes += other.failBytes;
        refused += other.refused;
        foreach (var (key, (count, message)) in other.statusCodes)
        {
            statusCodes[key] = statusCodes.TryGetValue(key, out var seen) ? (seen.Count + count, seen.Message) : (count, message);
        }
    }

    public MeasurementStats Ok(TimeSpan duration) => Snapshot(okLatency, okService, okBytes, duration) with { Refused = refused };
    public MeasurementStats Fail(TimeSpan duration) => Snapshot(failLatency, failService, failBytes, duration);

    public IReadOnlyList<StatusCodeStats> StatusCodes() =>
        [.. statusCodes
            .Select(entry => new StatusCodeStats(entry.Key.Code, entry.Key.IsError, entry.Value.Count, entry.Value.Message) { IsRefusal = entry.Key.IsRefusal })
            .OrderByDescending(code => code.Count)];

    /// <summary>Rebuilds a collector from a report's figures, to merge runs.</summary>
    public static OutcomeCollector FromStats(MeasurementStats ok, MeasurementStats fail, IEnumerable<StatusCodeStats> statusCodes)
    {
        var collector = new OutcomeCollector();
        Load(collector.okLatency, ok.Latency, ok.Count);
        Load(collector.okService, ok.ServiceTime, ok.Count);
        Load(collector.failLatency, fail.Latency, fail.Count);
        Load(collector.failService, fail.ServiceTime, fail.Count);
        collector.okBytes = ok.Bytes;
        collector.failBytes = fail.Bytes;
        collector.refused = ok.Refused;
        foreach (var code in statusCodes)
        {
            collector.statusCodes[(code.StatusCode, code.IsError, code.IsRefusal)] = (code.Count, code.Message);
        }

        return collector;
    }

    private static void Load(LatencyRecorder into, LatencyStats stats, long count)
    {
        if (count == 0)
        {
            return;
        }

        into.Add(LatencyRecorder.Decode(stats.Histogram
            ?? throw new FormatException("the report carries no encoded histogram: it was written before schema version 2")));
    }

    private static MeasurementStats Snapshot(LatencyRecorder latency, LatencyRecorder service, long bytes, TimeSpan duration) =>
        new(latency.Count,
            duration <= TimeSpan.Zero ? 0 : latency.Count / duration.TotalSeconds,
            bytes,
            latency.Snapshot(),
            service.Snapshot());
}
