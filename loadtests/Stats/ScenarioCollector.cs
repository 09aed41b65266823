using System.Diagnostics;
using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Stats;

/// <summary>
/// Thread-safe sink for one scenario's measurements. Each thread records into its own shard (its lock is
/// uncontended), and shards are added up when a snapshot is taken: a request never waits for another thread's
/// bookkeeping, and the totals are exact because histograms add exactly.
/// </summary>
internal sealed class ScenarioCollector(string scenarioName)
{
    private readonly ThreadLocal<Shard> shards = new(() => new Shard(), trackAllValues: true);
    private readonly TimelineCollector timeline = new();
    private long startedTimestamp = Stopwatch.GetTimestamp();
    private long stoppedTimestamp;
    private long dropped;
    private long exhaustedTimestamp;
    private long lastSuccessAfterExhaustionTimestamp;

    public string ScenarioName { get; } = scenarioName;

    public void Start() => startedTimestamp = Stopwatch.GetTimestamp();
    public void Stop() => stoppedTimestamp = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(startedTimestamp,
        stoppedTimestamp == 0 ? Stopwatch.GetTimestamp() : stoppedTimestamp);

    public long Dropped => Interlocked.Read(ref dropped);

    public void RecordIteration(IResponse response, TimeSpan latency, TimeSpan serviceTime)
    {
        RecordExhaustion(response);
        timeline.Record(Stopwatch.GetElapsedTime(startedTimestamp), response.IsError, latency, response.IsRefusal);
        var shard = shards.Value!;
        lock (shard.Gate)
        {
            shard.Scenario.Record(response, latency, serviceTime);
        }
    }

    /// <summary>
    /// Notes the first exhaustion answer, then any success answered after it (a grant made before the last share
    /// went but answered later, e.g. after its group-commit write), so the success window covers every grant.
    /// Before the first exhaustion this costs one read.
    /// </summary>
    private void RecordExhaustion(IResponse response)
    {
        if (Volatile.Read(ref exhaustedTimestamp) == 0)
        {
            if (response.IsExhaustion)
            {
                Interlocked.CompareExchange(ref exhaustedTimestamp, Stopwatch.GetTimestamp(), 0);
            }
        }
        else if (!response.IsError && !response.IsRefusal)
        {
            Volatile.Write(ref lastSuccessAfterExhaustionTimestamp, Stopwatch.GetTimestamp());
        }
    }

    private TimeSpan? ExhaustedAt()
    {
        var exhausted = Volatile.Read(ref exhaustedTimestamp);
        return exhausted == 0 ? null
            : Stopwatch.GetElapsedTime(startedTimestamp, Math.Max(exhausted, Volatile.Read(ref lastSuccessAfterExhaustionTimestamp)));
    }

    public void RecordStep(string stepName, IResponse response, TimeSpan latency, TimeSpan serviceTime)
    {
        var shard = shards.Value!;
        lock (shard.Gate)
        {
            if (!shard.Steps.TryGetValue(stepName, out var step))
            {
                step = new OutcomeCollector();
                shard.Steps[stepName] = step;
            }
            step.Record(response, latency, serviceTime);
        }
    }

    public void RecordDropped()
    {
        Interlocked.Increment(ref dropped);
        timeline.RecordDropped(Stopwatch.GetElapsedTime(startedTimestamp));
    }

    public LiveSample Sample()
    {
        var (scenario, _) = Merge(includeSteps: false);
        return new LiveSample(ScenarioName, Elapsed, scenario.OkCount, scenario.FailCount, Dropped, scenario.OkP99Ms)
        {
            Refused = scenario.Refused,
        };
    }

    public ScenarioStats Snapshot()
    {
        var duration = Elapsed;
        var (scenario, steps) = Merge(includeSteps: true);
        return new ScenarioStats(
            ScenarioName,
            duration,
            scenario.Ok(duration),
            scenario.Fail(duration),
            Dropped,
            scenario.StatusCodes(),
            [.. steps.Select(step => new StepStats(step.Key, step.Value.Ok(duration), step.Value.Fail(duration), step.Value.StatusCodes()))],
            timeline.Snapshot())
        { ExhaustedAt = ExhaustedAt() };
    }

    private (OutcomeCollector Scenario, SortedDictionary<string, OutcomeCollector> Steps) Merge(bool includeSteps)
    {
        var scenario = new OutcomeCollector();
        var steps = new SortedDictionary<string, OutcomeCollector>(StringComparer.Ordinal);
        foreach (var shard in shards.Values)
        {
            lock (shard.Gate)
            {
                scenario.Add(shard.Scenario);
                if (!includeSteps)
                {
                    continue;
                }

                foreach (var (name, step) in shard.Steps)
                {
                    if (!steps.TryGetValue(name, out var total))
                    {
                        steps[name] = total = new OutcomeCollector();
                    }

                    total.Add(step);
                }
            }
        }
        return (scenario, steps);
    }

    private sealed class Shard
    {
        public readonly Lock Gate = new();
        public readonly OutcomeCollector Scenario = new();
        public readonly Dictionary<string, OutcomeCollector> Steps = new(StringComparer.Ordinal);
    }
}
