namespace Hongbao.LoadTests.Thresholds;

/// <summary>
/// A parsed threshold such as <c>grab: p99 &lt; 50ms</c>. <c>Limit</c> is in the metric's base unit:
/// milliseconds for latency, percent for fail rate, per second for rps, a count otherwise.
/// </summary>
public sealed record Threshold(string Text, string? Scope, ThresholdMetric Metric, ComparisonOperator Operator, double Limit)
{
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
