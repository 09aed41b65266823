using System.Text.Json;
using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Stats;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Reports;

/// <summary>
/// Combines the report.json files of one run made by several load generators (machines) into one result:
/// counts, bytes, status codes and dropped arrivals are summed; latency histograms are added, so merged
/// percentiles are exactly those of one histogram fed every generator's samples; the money audits are combined
/// (every finding kept, totals added and balanced again); thresholds are checked again on the merged figures.
/// Generators run side by side, so a scenario's merged duration is the longest of its runs and its rates are
/// summed counts over that duration.
/// </summary>
public static class ReportMerger
{
    public const string RunIdKey = "run id";

    /// <summary>The report.json files named, or found under the directories named.</summary>
    public static IReadOnlyList<string> FindReports(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, $"{ReportWriter.FileStem}.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                throw new IOException($"{path}: no such file or directory");
            }
        }
        return files.Count > 0 ? files : throw new IOException("no report.json found in the given paths");
    }

    public static async Task<RunResult> MergeFilesAsync(IReadOnlyList<string> files, CancellationToken cancellation)
    {
        var reports = new List<(string File, ReportDocument Report)>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            var report = await JsonSerializer.DeserializeAsync<ReportDocument>(stream, JsonReport.Options, cancellation)
                ?? throw new FormatException($"{file} is empty");
            if (report.SchemaVersion < 2)
            {
                throw new FormatException($"{file} has schema version {report.SchemaVersion}: merging needs version 2 or later (encoded histograms)");
            }

            reports.Add((file, report));
        }
        return Merge(reports);
    }

    public static RunResult Merge(IReadOnlyList<(string Source, ReportDocument Report)> reports)
    {
        var runIds = reports.Select(r => r.Report.Metadata.GetValueOrDefault(RunIdKey)).Distinct().ToList();
        if (runIds.Count > 1)
        {
            throw new FormatException($"the reports belong to different runs (run ids {string.Join(", ", runIds.Select(id => id ?? "none"))})");
        }

        var scenarios = reports
            .SelectMany(r => r.Report.Scenarios.Select(s => (r.Source, s.Stats, s.Audit)))
            .GroupBy(s => s.Stats.Name, StringComparer.Ordinal)
            .Select(group => new ScenarioResult(MergeStats(group.Select(g => g.Stats).ToList()),
                MergeAudits(group.Key, [.. group.Where(g => g.Audit is not null).Select(g => (g.Source, g.Audit!))])))
            .ToList();
        var audits = scenarios.Where(s => s.Audit is not null).Select(s => s.Audit!).ToList();
        var thresholds = reports.SelectMany(r => r.Report.Thresholds.Select(t => t.Threshold.Text)).Distinct(StringComparer.Ordinal)
            .Select(Threshold.Parse).ToList();

        var metadata = new Dictionary<string, string>
        {
            ["merged from"] = string.Join(", ", reports.Select(r => r.Source)),
            ["generators"] = $"{reports.Count}",
        };
        if (runIds[0] is { } runId)
        {
            metadata[RunIdKey] = runId;
        }

        foreach (var (key, values) in reports.SelectMany(r => r.Report.Metadata).Where(m => m.Key != RunIdKey)
                     .GroupBy(m => m.Key, m => m.Value).Select(g => (g.Key, g.Distinct().ToList())))
        {
            metadata.TryAdd(key, values.Count == 1 ? values[0] : string.Join(" | ", values));
        }

        var serverCpu = MergeServerCpu([.. reports.Select(r => r.Report)], scenarios.Sum(s => s.Stats.Ok.Succeeded));
        return new RunResult(
            reports.Min(r => r.Report.StartedAt),
            reports[0].Report.Seed,
            metadata,
            scenarios,
            ThresholdEvaluator.Evaluate(thresholds, [.. scenarios.Select(s => s.Stats)], serverCpu),
            audits)
        { ServerCpu = serverCpu };
    }

    /// <summary>
    /// Every node's CPU over every generator's successes. Generators run side by side, so a node that several of
    /// them read spent its CPU once: it counts once, at the largest reading; different nodes are summed.
    /// </summary>
    private static ServerCpu? MergeServerCpu(IReadOnlyList<ReportDocument> reports, long successes)
    {
        var read = reports.Select(r => r.ServerCpu).OfType<ServerCpu>().ToList();
        return read.Count == 0 ? null : new ServerCpu(
            [.. read.SelectMany(cpu => cpu.Nodes).GroupBy(node => node.Node, StringComparer.Ordinal)
                .Select(node => new NodeCpu(node.Key, node.Max(n => n.CpuSeconds)))],
            successes);
    }

    private static ScenarioStats MergeStats(IReadOnlyList<ScenarioStats> runs)
    {
        var duration = runs.Max(r => r.Duration);
        var scenario = new OutcomeCollector();
        var steps = new SortedDictionary<string, OutcomeCollector>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            scenario.Add(OutcomeCollector.FromStats(run.Ok, run.Fail, run.StatusCodes));
            foreach (var step in run.Steps)
            {
                if (!steps.TryGetValue(step.Name, out var total))
                {
                    steps[step.Name] = total = new OutcomeCollector();
                }

                total.Add(OutcomeCollector.FromStats(step.Ok, step.Fail, step.StatusCodes));
            }
        }
        return new ScenarioStats(
            runs[0].Name, duration, scenario.Ok(duration), scenario.Fail(duration), runs.Sum(r => r.Dropped), scenario.StatusCodes(),
            [.. steps.Select(s => new StepStats(s.Key, s.Value.Ok(duration), s.Value.Fail(duration), s.Value.StatusCodes()))],
            MergeTimelines(runs))
        {
            // Generators run side by side, each on its own envelope: shares remained somewhere until the last ran out.
            ExhaustedAt = runs.All(r => r.ExhaustedAt is not null) ? runs.Max(r => r.ExhaustedAt) : null,
        };
    }

    /// <summary>Seconds are summed; a second's percentiles are the worst generator's (an upper bound, not exact).</summary>
    private static IReadOnlyList<TimelinePoint> MergeTimelines(IReadOnlyList<ScenarioStats> runs) =>
        [.. runs.SelectMany(r => r.Timeline).GroupBy(p => p.Second).OrderBy(g => g.Key)
            .Select(g => new TimelinePoint(g.Key, g.Sum(p => p.OkCount), g.Sum(p => p.FailCount), g.Sum(p => p.Dropped),
                g.Max(p => p.P50Ms), g.Max(p => p.P99Ms)) { Refused = g.Sum(p => p.Refused) })];

    private static AuditResult? MergeAudits(string name, IReadOnlyList<(string Source, AuditResult Audit)> audits)
    {
        if (audits.Count == 0)
        {
            return null;
        }

        var findings = audits.SelectMany(a => a.Audit.Findings.Select(f => $"[{a.Source}] {f}")).ToList();
        var notes = audits.SelectMany(a => a.Audit.Notes.Select(n => $"[{a.Source}] {n}")).ToList();
        var missing = audits.Where(a => a.Audit.Money is null).Select(a => a.Source).ToList();
        if (missing.Count > 0)
        {
            findings.Add($"combined money audit impossible: no money totals in {string.Join(", ", missing)}");
        }

        var money = missing.Count > 0 ? null : audits.Select(a => a.Audit.Money!).Aggregate((sum, next) => sum.Plus(next));
        if (money is not null)
        {
            if (money.IsConserved)
            {
                notes.Add($"combined over {audits.Count} generators, money conserved: {money.Describe()}");
            }
            else
            {
                findings.Add($"combined over {audits.Count} generators, money not conserved: {money.Describe()}");
            }
        }
        return AuditResult.FromFindings(name, findings, notes) with { Money = money };
    }
}

/// <summary>The parts of a report.json that merging reads.</summary>
public sealed record ReportDocument(
    int SchemaVersion,
    DateTimeOffset StartedAt,
    int Seed,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ReportScenario> Scenarios,
    IReadOnlyList<ReportThreshold> Thresholds,
    ServerCpu? ServerCpu = null);

public sealed record ReportScenario(ScenarioStats Stats, AuditResult? Audit);

public sealed record ReportThreshold(ReportThresholdText Threshold);

public sealed record ReportThresholdText(string Text);
