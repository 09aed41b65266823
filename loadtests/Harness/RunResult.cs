using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Harness;

/// <summary>What a run produced: stats per scenario, threshold and audit verdicts, and where the reports went.</summary>
public sealed record RunResult(
    DateTimeOffset StartedAt,
    int Seed,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<ThresholdResult> Thresholds,
    IReadOnlyList<AuditResult> Audits)
{
    public string? ReportDirectory { get; init; }

    /// <summary>Why the load stopped early (<c>--abort-on-fail</c>), or null when it ran its course.</summary>
    public string? AbortReason { get; init; }

    /// <summary>The servers' CPU during the measured load per success; null when no server was read (embedded tests, no probe).</summary>
    public ServerCpu? ServerCpu { get; init; }

    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);
    public bool AuditsPassed => Audits.All(a => a.Passed);
    public bool Passed => ThresholdsPassed && AuditsPassed;

    /// <summary>0 passed, 1 a threshold failed, 2 an audit failed (audit wins: lost money matters more than speed).</summary>
    public int ExitCode => !AuditsPassed ? 2 : !ThresholdsPassed ? 1 : 0;

    public string Verdict => Passed ? "PASSED" : "FAILED";
}
