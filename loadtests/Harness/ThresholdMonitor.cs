using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Harness;

/// <summary>
/// Checks the thresholds once a second on the stats so far, records when each first failed, and, when given a
/// way to stop the load (<c>--abort-on-fail</c>), stops it at the first failure so a bad run does not keep
/// hammering a shared environment. Only thresholds that can fail early are checked live
/// (<see cref="Threshold.CanFailEarly"/>), and only once a scenario has a second of load behind it.
/// </summary>
internal sealed class ThresholdMonitor(IReadOnlyList<Threshold> thresholds, IReadOnlyList<ScenarioEngine> engines, CancellationTokenSource? abort)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Threshold[] live = [.. thresholds.Where(t => t.CanFailEarly)];
    private readonly Dictionary<(string Threshold, string Target), TimeSpan> firstFailures = [];

    public string? AbortReason { get; private set; }

    public async Task WatchAsync(Task running)
    {
        if (live.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (!running.IsCompleted && await Task.WhenAny(running, timer.WaitForNextTickAsync().AsTask()) != running)
        {
            CheckOnce();
        }
    }

    /// <summary>One live check over the scenarios currently under measured load.</summary>
    public void CheckOnce()
    {
        var measuring = engines.Where(e => e.Phase == "load" && e.Current.Elapsed >= Interval).Select(e => e.Current.Snapshot()).ToList();
        if (measuring.Count == 0)
        {
            return;
        }

        foreach (var result in ThresholdEvaluator.Evaluate(live, measuring).Where(r => !r.Passed && r.Actual is not null))
        {
            var elapsed = measuring.First(s => result.Target == s.Name || result.Target.StartsWith(s.Name + "/", StringComparison.Ordinal)).Duration;
            if (!firstFailures.TryAdd((result.Threshold.Text, result.Target), elapsed))
            {
                continue;
            }

            if (abort is null || AbortReason is not null)
            {
                continue;
            }

            AbortReason = $"aborted at {elapsed.TotalSeconds:0.#} s of load: {result.Describe()}";
            abort.Cancel();
        }
    }

    public IReadOnlyList<ThresholdResult> WithFirstFailures(IReadOnlyList<ThresholdResult> results) =>
        [.. results.Select(r => firstFailures.TryGetValue((r.Threshold.Text, r.Target), out var at) ? r with { FirstFailedAt = at } : r)];
}
