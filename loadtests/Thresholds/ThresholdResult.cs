namespace Hongbao.LoadTests.Thresholds;

/// <summary>One threshold checked against one scenario or step; <c>Actual</c> is null when the scope was not found.</summary>
public sealed record ThresholdResult(Threshold Threshold, string Target, double? Actual, bool Passed)
{
    public string Describe() => Actual is { } actual
        ? $"{(Passed ? "PASS" : "FAIL")} {Threshold.Text} [{Target}] actual {actual:0.###}"
        : $"FAIL {Threshold.Text}: no scenario or step named '{Target}'";
}
