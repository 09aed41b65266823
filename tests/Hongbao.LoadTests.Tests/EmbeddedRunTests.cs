using System.Text.Json;
using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Engine;

namespace Hongbao.LoadTests.Tests;

/// <summary>
/// Short real runs of every built-in scenario against the embedded engine, as CI's smoke test of the whole tool:
/// the load, the five reports, and an audit that passes because money was conserved.
/// </summary>
[Collection(nameof(EmbeddedRunCollection))]
public sealed class EmbeddedRunTests : IDisposable
{
    private static readonly string[] ReportFiles = ["report.txt", "report.md", "report.csv", "report.json", "report.html"];

    private readonly string reportDirectory = Directory.CreateTempSubdirectory("hongbao-reports-").FullName;

    public void Dispose() => Directory.Delete(reportDirectory, recursive: true);

    [Theory]
    [InlineData("hot-envelope", "--embedded --rate 200")]
    [InlineData("festival", "--embedded --rate 100")]
    [InlineData("wallet-read", "--embedded --rate 100")]
    [InlineData("hot-envelope", "--mode grain --rate 300")]
    public async Task A_short_run_writes_every_report_and_passes_its_audit(string scenario, string mode)
    {
        // --embedded runs the API as a child process; grain mode is the one that shares this process, and says so.
        var (exitCode, error) = await RunAsync($"run {scenario} {mode} --duration 3s --warmup 0s --seed 7");

        Assert.True(exitCode == ExitCodes.Passed, $"exit code {exitCode}: {error}");
        var report = Assert.Single(Directory.GetDirectories(reportDirectory));
        Assert.All(ReportFiles, file => Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "report.json"), TestContext.Current.CancellationToken));
        var audit = Assert.Single(json.RootElement.GetProperty("audits").EnumerateArray());
        Assert.True(audit.GetProperty("passed").GetBoolean(), audit.ToString());
        Assert.True(json.RootElement.GetProperty("scenarios")[0].GetProperty("stats").GetProperty("ok").GetProperty("count").GetInt64() > 0);
        var engine = json.RootElement.GetProperty("metadata").GetProperty("engine").GetString();
        Assert.Contains(mode.Contains("--embedded", StringComparison.Ordinal) ? "API child process" : "in-process silo", engine);
    }

    [Fact]
    public async Task An_impossible_threshold_fails_the_run()
    {
        var (exitCode, _) = await RunAsync("run hot-envelope --embedded --rate 100 --duration 2s --warmup 0s --threshold \"p99 < 1us\"");

        Assert.Equal(ExitCodes.ThresholdFailed, exitCode);
    }

    private async Task<(int ExitCode, string Error)> RunAsync(string commandLine)
    {
        var error = new StringWriter();
        var engines = new EngineSeams(apiDll => new ApiProcessHost(apiDll), () => new InProcessSiloHost());
        var args = System.CommandLine.Parsing.CommandLineParser.SplitCommandLine($"{commandLine} --report-dir {reportDirectory}").ToArray();
        var exitCode = await CliApp.Create(engines).Parse(args).InvokeAsync(
            new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, error.ToString());
    }
}

[CollectionDefinition(nameof(EmbeddedRunCollection), DisableParallelization = true)]
public sealed class EmbeddedRunCollection;
