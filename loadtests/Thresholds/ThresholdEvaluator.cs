using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Thresholds;

/// <summary>
/// Checks thresholds against a run's stats: at the end, and once a second during the run on the stats so far
/// (see <see cref="Threshold.CanFailEarly"/>). Without a scope a threshold applies to every scenario; with one it
/// names a scenario or a step (in any scenario). Latency metrics read the OK requests' latency from the intended start.
/// </summary>
public static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(
        IEnumerable<Threshold> thresholds, IReadOnlyList<ScenarioStats> scenarios, ServerCpu? serverCpu = null) =>
        [.. thresholds.SelectMany(threshold => threshold.Metric == ThresholdMetric.ServerCpuPerSuccess
            ? [ServerCpuResult(threshold, serverCpu)]
            : EvaluateOne(threshold, scenarios))];

    /// <summary>The run's server CPU per success, every node together (a run-level figure: it takes no scope).</summary>
    private static ThresholdResult ServerCpuResult(Threshold threshold, ServerCpu? serverCpu)
    {
        const string target = "all server nodes";
        return serverCpu?.TotalMicrosPerSuccess is { } micros
            ? Check(threshold, target, micros)
            : new ThresholdResult(threshold, target, null, false)
            {
                NotMeasured = serverCpu is null ? "no server CPU was read (it needs a target's /metrics, --server-metrics or --mode grain)"
                    : $"not measured ({serverCpu.Successes} successes; no node's CPU was read at both ends of the load)",
            };
    }

    private static IEnumerable<ThresholdResult> EvaluateOne(Threshold threshold, IReadOnlyList<ScenarioStats> scenarios)
    {
        if (threshold.Scope is null)
        {
            return scenarios.Select(s => Check(threshold, s.Name, ScenarioValue(threshold, s)));
        }

        var matchingScenarios = scenarios.Where(s => s.Name == threshold.Scope).ToList();
        if (matchingScenarios.Count > 0)
        {
            return matchingScenarios.Select(s => Check(threshold, s.Name, ScenarioValue(threshold, s)));
        }

        var matchingSteps = scenarios
            .SelectMany(s => s.Steps.Where(step => step.Name == threshold.Scope)
                .Select(step => Check(threshold, $"{s.Name}/{step.Name}", StepValue(threshold, step, s.Duration, s.SuccessWindow))))
            .ToList();
        return matchingSteps.Count > 0 ? matchingSteps : [new ThresholdResult(threshold, threshold.Scope, null, false)];
    }

    private static ThresholdResult Check(Threshold threshold, string target, double actual) =>
        new(threshold, target, actual, threshold.IsMetBy(actual));

    private static double ScenarioValue(Threshold threshold, ScenarioStats s) => threshold.Metric switch
    {
        ThresholdMetric.Rps => s.Rps,
        ThresholdMetric.SuccessRps => s.SuccessRps,
        ThresholdMetric.StatusCount => StatusCount(threshold, s.StatusCodes),
        ThresholdMetric.StatusRate => Percent(StatusCount(threshold, s.StatusCodes), s.Count),
        ThresholdMetric.FailRate => s.FailRatePercent,
        ThresholdMetric.OkCount => s.Ok.Count,
        ThresholdMetric.FailCount => s.Fail.Count,
        ThresholdMetric.Dropped => s.Dropped,
        _ => LatencyValue(threshold.Metric, s.Ok.Latency),
    };

    private static double StepValue(Threshold threshold, StepStats step, TimeSpan duration, TimeSpan successWindow) => threshold.Metric switch
    {
        ThresholdMetric.Rps => duration <= TimeSpan.Zero ? 0 : step.Count / duration.TotalSeconds,
        ThresholdMetric.SuccessRps => successWindow <= TimeSpan.Zero ? 0 : step.Ok.Succeeded / successWindow.TotalSeconds,
        ThresholdMetric.StatusCount => StatusCount(threshold, step.StatusCodes),
        ThresholdMetric.StatusRate => Percent(StatusCount(threshold, step.StatusCodes), step.Count),
        ThresholdMetric.FailRate => step.FailRatePercent,
        ThresholdMetric.OkCount => step.Ok.Count,
        ThresholdMetric.FailCount => step.Fail.Count,
        // Steps are never dropped: only whole iterations are.
        ThresholdMetric.Dropped => 0,
        _ => LatencyValue(threshold.Metric, step.Ok.Latency),
    };

    private static double StatusCount(Threshold threshold, IEnumerable<StatusCodeStats> codes) =>
        codes.Where(code => threshold.MatchesStatus(code.StatusCode)).Sum(code => code.Count);

    private static double Percent(double part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static double LatencyValue(ThresholdMetric metric, LatencyStats latency) => metric switch
    {
        ThresholdMetric.P50 => latency.P50Ms,
        ThresholdMetric.P75 => latency.P75Ms,
        ThresholdMetric.P95 => latency.P95Ms,
        ThresholdMetric.P99 => latency.P99Ms,
        ThresholdMetric.P999 => latency.P999Ms,
        ThresholdMetric.Mean => latency.MeanMs,
        ThresholdMetric.Max => latency.MaxMs,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a latency metric"),
    };
}
