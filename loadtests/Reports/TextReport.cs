using System.Text;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;

namespace Hongbao.LoadTests.Reports;

internal static class TextReport
{
    public static string Render(RunResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"Hongbao load test, started {result.StartedAt:O}, seed {result.Seed}");
        foreach (var (key, value) in result.Metadata)
        {
            text.AppendLine($"{key}: {value}");
        }

        text.AppendLine(ReportFormat.Legend);
        text.AppendLine();

        var rows = ReportRow.From(result).Select(row => row.Cells()).Prepend(ReportRow.Headers).ToList();
        var widths = Enumerable.Range(0, ReportRow.Headers.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        foreach (var scenario in result.Scenarios.Select(s => s.Stats))
        {
            text.AppendLine();
            text.AppendLine($"{scenario.Name}: duration {ReportFormat.Seconds(scenario.Duration)} s, success/s {ReportFormat.Rate(scenario.SuccessRps)}{ReportFormat.Window(scenario)}, " +
                            $"refused {scenario.Ok.Refused}, rps {ReportFormat.Rate(scenario.Rps)}, " +
                            $"fail rate {ReportFormat.Percent(scenario.FailRatePercent)}%, dropped {scenario.Dropped}");
            text.AppendLine("status codes:");
            foreach (var code in scenario.StatusCodes)
            {
                text.AppendLine($"  {code.StatusCode} {ReportFormat.Outcome(code)} {code.Count} {code.Message}".TrimEnd());
            }
        }

        text.AppendLine();
        foreach (var line in ResultLines.Describe(result))
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
