using Hongbao.LoadTests.Stats;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Tests;

public sealed class ThresholdTests
{
    [Theory]
    [InlineData("grab: p99 < 50ms", "grab", ThresholdMetric.P99, ComparisonOperator.LessThan, 50)]
    [InlineData("p99 < 100ms", null, ThresholdMetric.P99, ComparisonOperator.LessThan, 100)]
    [InlineData("p99.9 <= 1s", null, ThresholdMetric.P999, ComparisonOperator.LessOrEqual, 1000)]
    [InlineData("mean < 500us", null, ThresholdMetric.Mean, ComparisonOperator.LessThan, 0.5)]
    [InlineData("fail rate < 1%", null, ThresholdMetric.FailRate, ComparisonOperator.LessThan, 1)]
    [InlineData("rps >= 5000", null, ThresholdMetric.Rps, ComparisonOperator.GreaterOrEqual, 5000)]
    [InlineData("dropped = 0", null, ThresholdMetric.Dropped, ComparisonOperator.Equal, 0)]
    [InlineData("hot-envelope: ok count > 10", "hot-envelope", ThresholdMetric.OkCount, ComparisonOperator.GreaterThan, 10)]
    [InlineData("fail count != 3", null, ThresholdMetric.FailCount, ComparisonOperator.NotEqual, 3)]
    [InlineData("  max<2s ", null, ThresholdMetric.Max, ComparisonOperator.LessThan, 2000)]
    public void Parses_scope_metric_operator_and_unit(string text, string? scope, ThresholdMetric metric, ComparisonOperator op, double limit)
    {
        var threshold = Threshold.Parse(text);

        Assert.Equal(scope, threshold.Scope);
        Assert.Equal(metric, threshold.Metric);
        Assert.Equal(op, threshold.Operator);
        Assert.Equal(limit, threshold.Limit, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p99")]
    [InlineData("p42 < 5ms")]
    [InlineData("rps > 5ms")]
    [InlineData("fail rate < 1ms")]
    [InlineData("p99 < fast")]
    public void Rejects_malformed_thresholds(string text)
    {
        Assert.Throws<FormatException>(() => Threshold.Parse(text));
    }

    [Fact]
    public void Evaluates_scenario_step_and_unscoped_thresholds()
    {
        var scenarios = new[] { Sample("hot-envelope", okCount: 990, failCount: 10, p99Ms: 40, dropped: 0) };

        var results = ThresholdEvaluator.Evaluate(
            [.. new[] { "p99 < 50ms", "fail rate < 2%", "rps >= 100", "dropped = 0", "grab: p99 < 30ms", "hot-envelope: fail count = 10" }
                .Select(Threshold.Parse)],
            scenarios);

        Assert.Equal([true, true, true, true, false, true], results.Select(r => r.Passed));
        Assert.Equal("hot-envelope/grab", results[4].Target);
        Assert.StartsWith("FAIL grab: p99 < 30ms", results[4].Describe());
    }

    [Fact]
    public void Fails_a_threshold_whose_scope_does_not_exist()
    {
        var result = ThresholdEvaluator.Evaluate([Threshold.Parse("nope: p99 < 1s")], [Sample("s", 1, 0, 1, 0)]).Single();

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("no scenario or step named 'nope'", result.Describe());
    }

    [Fact]
    public void Fails_when_dropped_or_fail_rate_exceed_the_limit()
    {
        var results = ThresholdEvaluator.Evaluate(
            [Threshold.Parse("dropped = 0"), Threshold.Parse("fail rate < 1%")], [Sample("s", 90, 10, 5, 3)]);

        Assert.All(results, r => Assert.False(r.Passed));
        Assert.Equal(3, results[0].Actual);
        Assert.Equal(10, results[1].Actual);
    }

    internal static ScenarioStats Sample(string name, long okCount, long failCount, double p99Ms, long dropped)
    {
        var latency = LatencyStats.Empty with { P50Ms = p99Ms / 2, P99Ms = p99Ms, MaxMs = p99Ms * 2 };
        var ok = new MeasurementStats(okCount, okCount / 10.0, okCount * 100, latency, latency);
        var fail = MeasurementStats.Empty with { Count = failCount };
        var step = new StepStats("grab", ok, fail, []);
        return new ScenarioStats(name, TimeSpan.FromSeconds(10), ok, fail, dropped,
            [new StatusCodeStats("201", false, okCount, "")], [step],
            [new TimelinePoint(1, okCount, failCount, dropped, p99Ms / 2, p99Ms)]);
    }
}
