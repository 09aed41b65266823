using System.Text;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;

namespace Hongbao.LoadTests.Reports;

/// <summary>
/// RFC 4180 CSV, one row per scenario/step and outcome, then one <c>verdict</c> row per threshold, audit and
/// verdict line (text in the <c>step</c> column), so the file stays rectangular and still carries the verdict.
/// </summary>
internal static class CsvReport
{
    public static string Render(RunResult result)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', ReportRow.Headers.Select(Quote)));
        foreach (var row in ReportRow.From(result))
        {
            csv.AppendLine(string.Join(',', row.Cells().Select(Quote)));
        }

        var padding = new string(',', ReportRow.Headers.Length - 2);
        foreach (var line in ResultLines.Describe(result))
        {
            csv.AppendLine($"verdict,{Quote(line.Trim())}{padding}");
        }

        return csv.ToString();
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
