namespace Hongbao.LoadTests.Thresholds;

public enum ThresholdMetric
{
    P50, P75, P95, P99, P999, Mean, Max, Rps, FailRate, OkCount, FailCount, Dropped,

    /// <summary>Business successes per second (OK answers that were not expected refusals).</summary>
    SuccessRps,

    /// <summary>Percent of answers whose status is <see cref="Threshold.Status"/>, e.g. <c>503 rate &lt; 0.5%</c>.</summary>
    StatusRate,

    /// <summary>Answers whose status is <see cref="Threshold.Status"/>, e.g. <c>429 = 0</c>.</summary>
    StatusCount,

    /// <summary>Microseconds of server CPU per success, all server nodes together or one node (the scope), e.g. <c>server-cpu-per-success &lt; 300us</c>.</summary>
    ServerCpuPerSuccess,
}
