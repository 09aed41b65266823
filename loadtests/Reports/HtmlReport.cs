using System.Net;
using System.Text;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;
using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Reports;

/// <summary>One self-contained HTML file: inline CSS and SVG, no script, no external asset.</summary>
internal static class HtmlReport
{
    public static string Render(RunResult result)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append($"<title>Hongbao load test: {result.Verdict}</title>");
        html.Append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
                    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}" +
                    ".pass{color:#2a7d2a}.fail{color:#b22222;font-weight:bold}</style></head><body>");
        html.Append($"<h1>Hongbao load test: <span class=\"{(result.Passed ? "pass" : "fail")}\">{result.Verdict}</span></h1>");
        html.Append($"<p>Started {E(result.StartedAt.ToString("O"))}, seed {result.Seed}. {E(ReportFormat.Legend)}</p><ul>");
        foreach (var (key, value) in result.Metadata)
        {
            html.Append($"<li>{E(key)}: <code>{E(value)}</code></li>");
        }

        html.Append("</ul>");

        html.Append("<table><tr>");
        foreach (var header in ReportRow.Headers)
        {
            html.Append($"<th>{E(header)}</th>");
        }

        html.Append("</tr>");
        foreach (var row in ReportRow.From(result))
        {
            html.Append("<tr>").Append(string.Concat(row.Cells().Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        }

        html.Append("</table>");

        foreach (var scenario in result.Scenarios.Select(s => s.Stats))
        {
            AppendScenario(html, scenario);
        }

        html.Append("<h2>Verdict</h2><ul>");
        foreach (var line in ResultLines.Describe(result))
        {
            html.Append($"<li class=\"{(line.Contains("FAIL", StringComparison.Ordinal) ? "fail" : "")}\">{E(line.Trim())}</li>");
        }

        return html.Append("</ul></body></html>").ToString();
    }

    private static void AppendScenario(StringBuilder html, ScenarioStats scenario)
    {
        html.Append($"<h2>{E(scenario.Name)}</h2>");
        html.Append($"<p>{ReportFormat.Rate(scenario.SuccessRps)} success/s{E(ReportFormat.Window(scenario))}</p>");
        var latency = scenario.Ok.Latency;
        html.Append(SvgChart.Bars("OK latency percentiles", "ms",
        [
            ("p50", latency.P50Ms), ("p75", latency.P75Ms), ("p95", latency.P95Ms),
            ("p99", latency.P99Ms), ("p99.9", latency.P999Ms), ("max", latency.MaxMs),
        ]));
        html.Append("<br>");
        html.Append(SvgChart.Lines("throughput per second", "req/s",
        [
            new SvgChart.Series("ok", "#2a7d2a", [.. scenario.Timeline.Select(p => (double)p.OkCount)]),
            new SvgChart.Series("fail", "#b22222", [.. scenario.Timeline.Select(p => (double)p.FailCount)]),
            new SvgChart.Series("dropped", "#e59400", [.. scenario.Timeline.Select(p => (double)p.Dropped)]),
        ]));
        html.Append("<br>");
        html.Append(SvgChart.Lines("OK latency per second", "ms",
        [
            new SvgChart.Series("p50", "#4e79a7", [.. scenario.Timeline.Select(p => p.P50Ms)]),
            new SvgChart.Series("p99", "#e15759", [.. scenario.Timeline.Select(p => p.P99Ms)]),
        ]));
        html.Append("<table><tr><th>status</th><th>outcome</th><th>count</th><th>message</th></tr>");
        foreach (var code in scenario.StatusCodes)
        {
            html.Append($"<tr><td>{E(code.StatusCode)}</td><td>{ReportFormat.Outcome(code)}</td><td>{code.Count}</td><td>{E(code.Message)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
