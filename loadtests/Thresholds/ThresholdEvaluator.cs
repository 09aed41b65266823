using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Thresholds;

/// <summary>
/// Checks thresholds at the end of a run. Without a scope a threshold applies to every scenario; with one it
/// names a scenario or a step (in any scenario). Latency metrics read the OK requests' latency from the intended start.
/// </summary>
public static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IEnumerable<Threshold> thresholds, IReadOnlyList<ScenarioStats> scenarios) =>
        [.. thresholds.SelectMany(threshold => EvaluateOne(threshold, scenarios))];

    private static IEnumerable<ThresholdResult> EvaluateOne(Threshold threshold, IReadOnlyList<ScenarioStats> scenarios)
    {
        if (threshold.Scope is null)
            return scenarios.Select(s => Check(threshold, s.Name, ScenarioValue(threshold.Metric, s)));

        var matchingScenarios = scenarios.Where(s => s.Name == threshold.Scope).ToList();
        if (matchingScenarios.Count > 0)
            return matchingScenarios.Select(s => Check(threshold, s.Name, ScenarioValue(threshold.Metric, s)));

        var matchingSteps = scenarios
            .SelectMany(s => s.Steps.Where(step => step.Name == threshold.Scope)
                .Select(step => Check(threshold, $"{s.Name}/{step.Name}", StepValue(threshold.Metric, step, s.Duration))))
            .ToList();
        return matchingSteps.Count > 0 ? matchingSteps : [new ThresholdResult(threshold, threshold.Scope, null, false)];
    }

    private static ThresholdResult Check(Threshold threshold, string target, double actual) =>
        new(threshold, target, actual, threshold.IsMetBy(actual));

    private static double ScenarioValue(ThresholdMetric metric, ScenarioStats s) => metric switch
    {
        ThresholdMetric.Rps => s.Rps,
        ThresholdMetric.FailRate => s.FailRatePercent,
        ThresholdMetric.OkCount => s.Ok.Count,
        ThresholdMetric.FailCount => s.Fail.Count,
        ThresholdMetric.Dropped => s.Dropped,
        _ => LatencyValue(metric, s.Ok.Latency),
    };

    private static double StepValue(ThresholdMetric metric, StepStats step, TimeSpan duration) => metric switch
    {
        ThresholdMetric.Rps => duration <= TimeSpan.Zero ? 0 : step.Count / duration.TotalSeconds,
        ThresholdMetric.FailRate => step.FailRatePercent,
        ThresholdMetric.OkCount => step.Ok.Count,
        ThresholdMetric.FailCount => step.Fail.Count,
        // Steps are never dropped: only whole iterations are.
        ThresholdMetric.Dropped => 0,
        _ => LatencyValue(metric, step.Ok.Latency),
    };

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
