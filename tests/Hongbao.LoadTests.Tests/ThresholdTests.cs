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
    [InlineData("503 rate < 0.5%", null, ThresholdMetric.StatusRate, ComparisonOperator.LessThan, 0.5)]
    [InlineData("grab: 429 = 0", "grab", ThresholdMetric.StatusCount, ComparisonOperator.Equal, 0)]
    [InlineData("409 count <= 10", null, ThresholdMetric.StatusCount, ComparisonOperator.LessOrEqual, 10)]
    [InlineData("success rps >= 100", null, ThresholdMetric.SuccessRps, ComparisonOperator.GreaterOrEqual, 100)]
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
    [InlineData("503 rate < 5ms")]
    [InlineData("999 = 0")]
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

    [Fact]
    public void Status_thresholds_count_a_code_under_every_label_it_carries()
    {
        var stats = Sample("hot-envelope", okCount: 990, failCount: 10, p99Ms: 5, dropped: 0) with
        {
            StatusCodes =
            [
                new StatusCodeStats("201", false, 990, ""),
                new StatusCodeStats("503 overloaded", true, 6, "backlog"),
                new StatusCodeStats("503", true, 2, ""),
                new StatusCodeStats("5030", true, 2, "not a 503"),
            ],
        };

        var results = ThresholdEvaluator.Evaluate(
            [.. new[] { "503 rate < 0.5%", "503 = 8", "429 = 0", "201 rate > 98%" }.Select(Threshold.Parse)], [stats]);

        Assert.Equal([false, true, true, true], results.Select(r => r.Passed));
        Assert.Equal(0.8, results[0].Actual!.Value, 9);
    }

    [Theory]
    [InlineData("503 = 0", true)]
    [InlineData("fail rate < 1%", true)]
    [InlineData("p99 < 10ms", true)]
    [InlineData("rps > 100", false)]
    [InlineData("ok count > 10", false)]
    [InlineData("fail count > 3", false)]
    public void Only_thresholds_a_partial_run_can_already_break_are_checked_live(string text, bool live)
    {
        Assert.Equal(live, Threshold.Parse(text).CanFailEarly);
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
