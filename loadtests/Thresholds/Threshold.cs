namespace Hongbao.LoadTests.Thresholds;

/// <summary>
/// A parsed threshold such as <c>grab: p99 &lt; 50ms</c>. <c>Limit</c> is in the metric's base unit:
/// milliseconds for latency, percent for fail rate, per second for rps, a count otherwise.
/// </summary>
public sealed record Threshold(string Text, string? Scope, ThresholdMetric Metric, ComparisonOperator Operator, double Limit)
{
    /// <summary>The status a status metric counts: a code (<c>503</c> matches <c>503 overloaded</c>) or a full label.</summary>
    public string? Status { get; init; }

    /// <summary>
    /// Whether a value seen part-way through the run can already fail the threshold. Rates and counts that only
    /// grow towards their final value (rps, ok count) cannot, nor can server CPU (read at the load's end): they are
    /// judged at the end only.
    /// </summary>
    public bool CanFailEarly => Metric is not (ThresholdMetric.Rps or ThresholdMetric.SuccessRps or ThresholdMetric.OkCount or ThresholdMetric.ServerCpuPerSuccess)
        && !(Metric is ThresholdMetric.FailCount or ThresholdMetric.StatusCount or ThresholdMetric.Dropped
             && Operator is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterOrEqual or ComparisonOperator.NotEqual);

    public bool MatchesStatus(string statusLabel) =>
        Status is { } status && (statusLabel == status || statusLabel.StartsWith(status + " ", StringComparison.Ordinal));

    public static Threshold Parse(string text) => ThresholdParser.Parse(text);

    public bool IsMetBy(double actual) => Operator switch
    {
        ComparisonOperator.LessThan => actual < Limit,
        ComparisonOperator.LessOrEqual => actual <= Limit,
        ComparisonOperator.GreaterThan => actual > Limit,
        ComparisonOperator.GreaterOrEqual => actual >= Limit,
        ComparisonOperator.Equal => actual == Limit,
        ComparisonOperator.NotEqual => actual != Limit,
        _ => false,
    };
}
