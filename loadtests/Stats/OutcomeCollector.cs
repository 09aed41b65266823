using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Stats;

/// <summary>OK and failed outcomes of one step or one scenario, kept apart. Not thread-safe: callers lock.</summary>
internal sealed class OutcomeCollector
{
    private readonly LatencyRecorder okLatency = new();
    private readonly LatencyRecorder okService = new();
    private readonly LatencyRecorder failLatency = new();
    private readonly LatencyRecorder failService = new();
    private readonly Dictionary<(string Code, bool IsError), (long Count, string Message)> statusCodes = [];
    private long okBytes;
    private long failBytes;

    public long OkCount => okLatency.Count;
    public long FailCount => failLatency.Count;
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
        }

        var key = (response.StatusCode, response.IsError);
        statusCodes[key] = statusCodes.TryGetValue(key, out var seen)
            ? (seen.Count + 1, seen.Message)
            : (1, response.Message);
    }

    public MeasurementStats Ok(TimeSpan duration) => Snapshot(okLatency, okService, okBytes, duration);
    public MeasurementStats Fail(TimeSpan duration) => Snapshot(failLatency, failService, failBytes, duration);

    public IReadOnlyList<StatusCodeStats> StatusCodes() =>
        [.. statusCodes
            .Select(entry => new StatusCodeStats(entry.Key.Code, entry.Key.IsError, entry.Value.Count, entry.Value.Message))
            .OrderByDescending(code => code.Count)];

    private static MeasurementStats Snapshot(LatencyRecorder latency, LatencyRecorder service, long bytes, TimeSpan duration) =>
        new(latency.Count,
            duration <= TimeSpan.Zero ? 0 : latency.Count / duration.TotalSeconds,
            bytes,
            latency.Snapshot(),
            service.Snapshot());
}
