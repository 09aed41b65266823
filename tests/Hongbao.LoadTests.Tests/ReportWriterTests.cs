using System.Text.Json;
using Hongbao.LoadTests.Audit;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Reports;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Tests;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"hongbao-reports-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_all_five_formats_with_the_verdict_in_each()
    {
        var stats = ThresholdTests.Sample("hot-envelope", 100, 1, 20, 0);
        var thresholds = ThresholdEvaluator.Evaluate([Threshold.Parse("p99 < 1ms")], [stats]);
        var audit = AuditResult.FromFindings("hot-envelope", ["user u1 holds 2 shares of envelope e1"], ["1 envelope"]);
        var result = new RunResult(DateTimeOffset.Now, 7, new Dictionary<string, string> { ["target"] = "http://127.0.0.1:5080" },
            [new ScenarioResult(stats, audit)], thresholds, [audit]);

        var directory = await ReportWriter.WriteAllAsync(result, folder, TestContext.Current.CancellationToken);

        Assert.StartsWith(folder, directory);
        Assert.EndsWith("-hot-envelope", directory);
        foreach (var extension in new[] { "txt", "md", "csv", "json", "html" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(directory, $"report.{extension}"), TestContext.Current.CancellationToken);
            Assert.Contains("FAIL", text);
            Assert.Contains("holds 2 shares", text);
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json"), TestContext.Current.CancellationToken));
        Assert.Equal(JsonReport.SchemaVersion, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(100, json.RootElement.GetProperty("scenarios")[0].GetProperty("stats").GetProperty("ok").GetProperty("count").GetInt64());

        var html = await File.ReadAllTextAsync(Path.Combine(directory, "report.html"), TestContext.Current.CancellationToken);
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);

        var csv = await File.ReadAllLinesAsync(Path.Combine(directory, "report.csv"), TestContext.Current.CancellationToken);
        Assert.StartsWith("scenario,step,outcome,count", csv[0]);
        Assert.Equal(5, csv.Count(line => !line.StartsWith("verdict,", StringComparison.Ordinal))); // header, scenario ok/fail, step ok/fail
        Assert.All(csv, line => Assert.Equal(ReportRow.Headers.Length - 1, line.Count(c => c == ',') - CommasInQuotes(line)));
    }

    private static int CommasInQuotes(string line) =>
        line.Split('"').Where((_, i) => i % 2 == 1).Sum(part => part.Count(c => c == ','));

    [Fact]
    public async Task Two_runs_in_the_same_second_get_separate_directories()
    {
        var result = new RunResult(DateTimeOffset.Now, 1, new Dictionary<string, string>(),
            [new ScenarioResult(ThresholdTests.Sample("s", 1, 0, 1, 0), null)], [], []);

        var first = await ReportWriter.WriteAllAsync(result, folder, TestContext.Current.CancellationToken);
        var second = await ReportWriter.WriteAllAsync(result, folder, TestContext.Current.CancellationToken);

        Assert.NotEqual(first, second);
    }
}
