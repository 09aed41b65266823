using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Reports;
using Spectre.Console;

namespace Hongbao.LoadTests.Output;

/// <summary>The end-of-run table, threshold and audit lines, and the verdict.</summary>
internal static class FinalSummary
{
    public static void Write(RunResult result)
    {
        // Redirected output (CI logs) has no terminal width; the default 80 columns would fold every number.
        if (!LiveView.IsInteractive())
        {
            AnsiConsole.Profile.Width = 200;
        }

        var table = new Table().Title("[bold]results[/] (success/s: business successes; latency from intended start; service time from actual start)")
            .AddColumns("scenario / step", "success/s", "ok", "refused", "fail", "rps", "p50", "p95", "p99", "p99.9", "max", "svc p99", "dropped");
        foreach (var scenario in result.Scenarios.Select(s => s.Stats))
        {
            var latency = scenario.Ok.Latency;
            table.AddRow(Markup.Escape(scenario.Name), Markup.Escape($"{scenario.SuccessRps:0}{ReportFormat.Window(scenario)}"), $"{scenario.Ok.Count}", $"{scenario.Ok.Refused}",
                $"{scenario.Fail.Count}", $"{scenario.Rps:0}",
                Ms(latency.P50Ms), Ms(latency.P95Ms), Ms(latency.P99Ms), Ms(latency.P999Ms), Ms(latency.MaxMs),
                Ms(scenario.Ok.ServiceTime.P99Ms), $"{scenario.Dropped}");
            foreach (var step in scenario.Steps)
            {
                var stepLatency = step.Ok.Latency;
                var seconds = Math.Max(scenario.Duration.TotalSeconds, 1e-9);
                var successSeconds = Math.Max(scenario.SuccessWindow.TotalSeconds, 1e-9);
                table.AddRow(Markup.Escape($"  {step.Name}"), $"{step.Ok.Succeeded / successSeconds:0}", $"{step.Ok.Count}", $"{step.Ok.Refused}",
                    $"{step.Fail.Count}", $"{step.Count / seconds:0}",
                    Ms(stepLatency.P50Ms), Ms(stepLatency.P95Ms), Ms(stepLatency.P99Ms), Ms(stepLatency.P999Ms),
                    Ms(stepLatency.MaxMs), Ms(step.Ok.ServiceTime.P99Ms), "");
            }
        }
        AnsiConsole.Write(table);

        foreach (var line in ResultLines.Describe(result))
        {
            AnsiConsole.MarkupLine(Colour(line));
        }

        if (result.ReportDirectory is not null)
        {
            AnsiConsole.MarkupLine($"reports: {Markup.Escape(result.ReportDirectory)}");
        }
    }

    private static string Ms(double value) => $"{value:0.00}";

    private static string Colour(string line)
    {
        var escaped = Markup.Escape(line);
        return line.Contains("FAIL", StringComparison.Ordinal) ? $"[red]{escaped}[/]"
            : line.Contains("PASS", StringComparison.Ordinal) ? $"[green]{escaped}[/]"
            : escaped;
    }
}
