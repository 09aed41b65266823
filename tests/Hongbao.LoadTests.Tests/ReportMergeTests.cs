using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Reports;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Stats;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Tests;

/// <summary><c>loadtests merge</c>: runs of several generators combine as if one generator had seen every sample.</summary>
public sealed class ReportMergeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hongbao-merge-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Two_runs_merged_give_the_percentiles_of_one_histogram_fed_both_runs()
    {
        var random = new Random(11);
        var first = Samples(random, 5_000, meanMs: 4);
        var second = Samples(random, 3_000, meanMs: 40);
        var firstDir = await WriteRunAsync("a", Collect(first), new MoneyTotals(1_000, 700, 300, 300), "run-7");
        var secondDir = await WriteRunAsync("b", Collect(second), new MoneyTotals(500, 500, 0, 0), "run-7");

        var merged = await ReportMerger.MergeFilesAsync(ReportMerger.FindReports([firstDir, secondDir]), TestContext.Current.CancellationToken);

        var expected = Collect([.. first, .. second]).Snapshot();
        var actual = merged.Scenarios.Single().Stats;
        Assert.Equal(expected.Ok.Count, actual.Ok.Count);
        Assert.Equal(expected.Ok.Refused, actual.Ok.Refused);
        Assert.Equal(expected.Fail.Count, actual.Fail.Count);
        Assert.Equal(Percentiles(expected.Ok.Latency), Percentiles(actual.Ok.Latency));
        Assert.Equal(Percentiles(expected.Fail.Latency), Percentiles(actual.Fail.Latency));
        Assert.Equal(expected.Ok.Latency.MeanMs, actual.Ok.Latency.MeanMs, 9);
        Assert.Equal(expected.Ok.Latency.StdDevMs, actual.Ok.Latency.StdDevMs, 6);
        Assert.Equal(Percentiles(expected.Steps.Single().Ok.Latency), Percentiles(actual.Steps.Single().Ok.Latency));
        Assert.Equal(expected.StatusCodes.OrderBy(c => c.StatusCode), actual.StatusCodes.OrderBy(c => c.StatusCode));
        Assert.Equal(2 * 3, actual.Dropped);

        var audit = Assert.Single(merged.Audits);
        Assert.True(audit.Passed, string.Join("; ", audit.Findings));
        Assert.Equal(new MoneyTotals(1_500, 1_200, 300, 300), audit.Money);
        Assert.Equal("run-7", merged.Metadata[ReportMerger.RunIdKey]);
        Assert.False(merged.Thresholds.Single().Passed); // "fail count = 0" checked again on the merged figures
    }

    [Fact]
    public async Task A_combined_audit_fails_when_either_run_lost_money_and_runs_of_different_ids_do_not_merge()
    {
        var random = new Random(5);
        var good = await WriteRunAsync("good", Collect(Samples(random, 10, 1)), new MoneyTotals(100, 100, 0, 0), "r1");
        var bad = await WriteRunAsync("bad", Collect(Samples(random, 10, 1)), new MoneyTotals(100, 90, 0, 0), "r1");
        var other = await WriteRunAsync("other", Collect(Samples(random, 10, 1)), new MoneyTotals(100, 100, 0, 0), "r2");

        var merged = await ReportMerger.MergeFilesAsync(ReportMerger.FindReports([good, bad]), TestContext.Current.CancellationToken);

        Assert.Equal(2, merged.ExitCode);
        Assert.Contains(merged.Audits.Single().Findings, f => f.Contains("money not conserved: deposits 200 fen, wallets 190", StringComparison.Ordinal));
        await Assert.ThrowsAsync<FormatException>(() =>
            ReportMerger.MergeFilesAsync(ReportMerger.FindReports([good, other]), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Merged_server_cpu_counts_a_node_several_generators_read_once_and_sums_the_nodes_over_every_success()
    {
        var random = new Random(3);
        var first = await WriteRunAsync("a", Collect(Samples(random, 100, 1)), new MoneyTotals(100, 100, 0, 0), "r",
            new ServerCpu([new NodeCpu("api-0", 2.0), new NodeCpu("silo", 1.0)], 80));
        var second = await WriteRunAsync("b", Collect(Samples(random, 100, 1)), new MoneyTotals(100, 100, 0, 0), "r",
            new ServerCpu([new NodeCpu("api-1", 1.5), new NodeCpu("silo", 1.2)], 80));

        var merged = await ReportMerger.MergeFilesAsync(ReportMerger.FindReports([first, second]), TestContext.Current.CancellationToken);

        var cpu = merged.ServerCpu!;
        Assert.Equal([("api-0", 2.0), ("silo", 1.2), ("api-1", 1.5)], cpu.Nodes.Select(n => (n.Node, n.CpuSeconds!.Value)));
        Assert.Equal(merged.Scenarios.Sum(s => s.Stats.Ok.Succeeded), cpu.Successes);
        Assert.Equal(160, cpu.Successes);
        Assert.Equal(4.7e6 / 160, cpu.TotalMicrosPerSuccess!.Value, 6);
    }

    private static List<(TimeSpan Latency, IResponse Response)> Samples(Random random, int count, double meanMs) =>
        [.. Enumerable.Range(0, count).Select(i => (
            TimeSpan.FromMilliseconds(-Math.Log(1 - random.NextDouble()) * meanMs),
            (i % 10) switch
            {
                0 => Response.Fail("503 overloaded"),
                1 => Response.Refused("409 envelope_exhausted"),
                _ => Response.Ok(201),
            }))];

    private static ScenarioCollector Collect(IEnumerable<(TimeSpan Latency, IResponse Response)> samples)
    {
        var collector = new ScenarioCollector("hot-envelope");
        foreach (var (latency, response) in samples)
        {
            collector.RecordIteration(response, latency, latency / 2);
            collector.RecordStep("grab", response, latency, latency / 2);
        }
        for (var i = 0; i < 3; i++)
        {
            collector.RecordDropped();
        }

        collector.Stop();
        return collector;
    }

    private async Task<string> WriteRunAsync(string name, ScenarioCollector collector, MoneyTotals money, string runId, ServerCpu? serverCpu = null)
    {
        var stats = collector.Snapshot();
        var audit = AuditResult.FromFindings("hot-envelope", money.IsConserved ? [] : ["money not conserved"], []) with { Money = money };
        var result = new RunResult(DateTimeOffset.Now, 42, new Dictionary<string, string> { [ReportMerger.RunIdKey] = runId },
            [new ScenarioResult(stats, audit)], ThresholdEvaluator.Evaluate([Threshold.Parse("fail count = 0")], [stats]), [audit])
        { ServerCpu = serverCpu };
        return await ReportWriter.WriteAllAsync(result, Path.Combine(folder, name), TestContext.Current.CancellationToken);
    }

    private static double[] Percentiles(LatencyStats latency) =>
        [latency.MinMs, latency.P50Ms, latency.P75Ms, latency.P95Ms, latency.P99Ms, latency.P999Ms, latency.MaxMs];
}
