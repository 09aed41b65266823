using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Reports;

namespace Hongbao.LoadTests.Output;

/// <summary>The verdict lines every output shares, so console and reports never disagree.</summary>
public static class ResultLines
{
    public static IReadOnlyList<string> Describe(RunResult result)
    {
        var lines = new List<string>();
        if (result.AbortReason is { } aborted)
        {
            lines.Add($"FAIL load {aborted}");
        }

        foreach (var exhausted in result.Scenarios.Select(s => s.Stats).Where(s => s.ExhaustedAt is not null))
        {
            lines.Add($"note {ReportFormat.Exhaustion(exhausted)}");
        }

        if (result.ServerCpu is { } serverCpu)
        {
            lines.AddRange(serverCpu.Describe());
        }

        foreach (var threshold in result.Thresholds)
        {
            lines.Add($"threshold {threshold.Describe()}");
        }

        foreach (var audit in result.Audits)
        {
            lines.Add($"audit {audit.Name}: {(audit.Passed ? "PASS" : "FAIL")}");
            lines.AddRange(audit.Findings.Select(finding => $"  FAIL finding: {finding}"));
            lines.AddRange(audit.Notes.Select(note => $"  note: {note}"));
        }
        lines.Add($"verdict: {result.Verdict} (exit code {result.ExitCode}, seed {result.Seed})");
        return lines;
    }
}
