namespace Hongbao.LoadTests.Thresholds;

public enum ThresholdMetric
{
    P50, P75, P95, P99, P999, Mean, Max, Rps, FailRate, OkCount, FailCount, Dropped,
}
