using System.Text;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;

namespace Hongbao.LoadTests.Reports;

internal static class MarkdownReport
{
    public static string Render(RunResult result)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Hongbao load test: {result.Verdict}");
        md.AppendLine();
        md.AppendLine($"Started {result.StartedAt:O}, seed {result.Seed}.");
        foreach (var (key, value) in result.Metadata)
        {
            md.AppendLine($"- {key}: `{value}`");
        }

        md.AppendLine();
        md.AppendLine(ReportFormat.Legend);
        md.AppendLine();
        foreach (var scenario in result.Scenarios.Select(s => s.Stats))
        {
            md.AppendLine($"- **{Escape(scenario.Name)}: {ReportFormat.Rate(scenario.SuccessRps)} success/s**{ReportFormat.Window(scenario)}, {scenario.Ok.Refused} refused, " +
                          $"{scenario.Fail.Count} failed, {scenario.Dropped} dropped, rps {ReportFormat.Rate(scenario.Rps)}");
        }

        md.AppendLine();
        md.AppendLine($"| {string.Join(" | ", ReportRow.Headers)} |");
        md.AppendLine($"|{string.Concat(ReportRow.Headers.Select(_ => "---|"))}");
        foreach (var row in ReportRow.From(result))
        {
            md.AppendLine($"| {string.Join(" | ", row.Cells().Select(Escape))} |");
        }

        foreach (var scenario in result.Scenarios.Select(s => s.Stats))
        {
            md.AppendLine();
            md.AppendLine($"## {Escape(scenario.Name)}: status codes");
            md.AppendLine();
            md.AppendLine("| status | outcome | count | message |");
            md.AppendLine("|---|---|---|---|");
            foreach (var code in scenario.StatusCodes)
            {
                md.AppendLine($"| {Escape(code.StatusCode)} | {ReportFormat.Outcome(code)} | {code.Count} | {Escape(code.Message)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Verdict");
        md.AppendLine();
        foreach (var line in ResultLines.Describe(result))
        {
            md.AppendLine($"- {Escape(line.Trim())}");
        }

        return md.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
