namespace Hongbao.LoadTests.Thresholds;

/// <summary>One threshold checked against one scenario or step; <c>Actual</c> is null when the scope was not found.</summary>
public sealed record ThresholdResult(Threshold Threshold, string Target, double? Actual, bool Passed)
{
    /// <summary>Load time at which the live check (once a second) first saw it fail, if it did.</summary>
    public TimeSpan? FirstFailedAt { get; init; }

    /// <summary>Why there is no <see cref="Actual"/>; null means the scope named no scenario or step.</summary>
    public string? NotMeasured { get; init; }

    public string Describe() => Actual is { } actual
        ? $"{(Passed ? "PASS" : "FAIL")} {Threshold.Text} [{Target}] actual {actual:0.###}{FirstFailure()}"
        : $"FAIL {Threshold.Text}: {NotMeasured ?? $"no scenario or step named '{Target}'"}";

    private string FirstFailure() => FirstFailedAt is { } at ? $" (first failed during the run at {at.TotalSeconds:0.#} s)" : "";
}
