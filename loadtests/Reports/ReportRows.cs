using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Stats;

namespace Hongbao.LoadTests.Reports;

/// <summary>One flat row per scenario/step and outcome (ok or fail): the table every text format prints.</summary>
internal sealed record ReportRow(string Scenario, string Step, string Outcome, MeasurementStats Stats, long Dropped)
{
    public static readonly string[] Headers =
    [
        "scenario", "step", "outcome", "count", "refused", "rps", "success_rps", "bytes", "min_ms", "mean_ms", "max_ms", "stddev_ms",
        "p50_ms", "p75_ms", "p95_ms", "p99_ms", "p99.9_ms", "service_p50_ms", "service_p99_ms", "dropped",
    ];

    public static IEnumerable<ReportRow> From(RunResult result)
    {
        foreach (var scenario in result.Scenarios.Select(s => s.Stats))
        {
            yield return new ReportRow(scenario.Name, "", "ok", scenario.Ok, scenario.Dropped);
            yield return new ReportRow(scenario.Name, "", "fail", scenario.Fail, scenario.Dropped);
            foreach (var step in scenario.Steps)
            {
                yield return new ReportRow(scenario.Name, step.Name, "ok", step.Ok, 0);
                yield return new ReportRow(scenario.Name, step.Name, "fail", step.Fail, 0);
            }
        }
    }

    public string[] Cells()
    {
        var l = Stats.Latency;
        return
        [
            Scenario, Step, Outcome, $"{Stats.Count}", $"{Stats.Refused}", ReportFormat.Rate(Stats.Rps),
            ReportFormat.Rate(Stats.Count == 0 ? 0 : Stats.Rps * Stats.Succeeded / Stats.Count), $"{Stats.Bytes}",
            ReportFormat.Ms(l.MinMs), ReportFormat.Ms(l.MeanMs), ReportFormat.Ms(l.MaxMs), ReportFormat.Ms(l.StdDevMs),
            ReportFormat.Ms(l.P50Ms), ReportFormat.Ms(l.P75Ms), ReportFormat.Ms(l.P95Ms), ReportFormat.Ms(l.P99Ms), ReportFormat.Ms(l.P999Ms),
            ReportFormat.Ms(Stats.ServiceTime.P50Ms), ReportFormat.Ms(Stats.ServiceTime.P99Ms), $"{Dropped}",
        ];
    }
}
