using System.CommandLine;
using Hongbao.LoadTests.Output;
using Hongbao.LoadTests.Reports;

namespace Hongbao.LoadTests.Cli;

/// <summary><c>merge DIR...</c>: one report from the runs of several load generators (see <see cref="ReportMerger"/>).</summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("reports") { Description = "Report folders or report.json files, one or more per generator", Arity = ArgumentArity.OneOrMore };
        var reportDir = new Option<string?>("--report-dir") { Description = "Where the merged report goes (default ./reports)" };
        var merge = new Command("merge", "Combine the reports of one run made on several machines: summed counts, exact merged percentiles, one money audit") { paths, reportDir };
        merge.SetAction(async (parse, cancellation) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var files = ReportMerger.FindReports(parse.GetValue(paths) ?? []);
                var merged = await ReportMerger.MergeFilesAsync(files, cancellation);
                merged = merged with { ReportDirectory = await ReportWriter.WriteAllAsync(merged, parse.GetValue(reportDir) ?? "reports", cancellation) };
                var output = parse.InvocationConfiguration.Output;
                await output.WriteLineAsync($"merged {files.Count} reports into {merged.ReportDirectory}");
                foreach (var scenario in merged.Scenarios.Select(s => s.Stats))
                {
                    await output.WriteLineAsync($"{scenario.Name}: success/s {scenario.SuccessRps:0}, answered/s {scenario.Rps:0}, " +
                                                $"p50 {scenario.Ok.Latency.P50Ms:0.00} ms, p99 {scenario.Ok.Latency.P99Ms:0.00} ms, " +
                                                $"refused {scenario.Ok.Refused}, failed {scenario.Fail.Count}, dropped {scenario.Dropped}");
                }

                foreach (var line in ResultLines.Describe(merged))
                {
                    await output.WriteLineAsync(line);
                }

                return merged.ExitCode;
            }
            catch (Exception ex) when (ex is FormatException or IOException or System.Text.Json.JsonException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageError;
            }
        });
        return merge;
    }
}
