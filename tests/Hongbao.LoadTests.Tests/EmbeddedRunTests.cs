using System.Text.Json;
using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Engine;

namespace Hongbao.LoadTests.Tests;

/// <summary>
/// Short real runs of every built-in hongbao scenario against the engine, as CI's smoke test of the whole tool:
/// the load, the five reports, and audits that pass because money was conserved.
/// </summary>
[Collection(nameof(EmbeddedRunCollection))]
public sealed class EmbeddedRunTests : IDisposable
{
    private static readonly string[] ReportFiles = ["report.txt", "report.md", "report.csv", "report.json", "report.html"];

    private readonly string reportDirectory = Directory.CreateTempSubdirectory("hongbao-reports-").FullName;

    public void Dispose() => Directory.Delete(reportDirectory, recursive: true);

    [Theory]
    [InlineData("hot-envelope:2,festival:1,wallet-read:1", "--embedded --rate 400")]
    [InlineData("hot-envelope", "--mode grain --rate 300")]
    public async Task A_short_run_writes_every_report_and_passes_its_audits(string scenarios, string mode)
    {
        // One child API process serves every built-in hongbao scenario at once (a weighted mix), each with its
        // own users and audit; grain mode is the one that shares this process with the engine, and says so.
        var (exitCode, error) = await RunAsync($"run {scenarios} {mode} --duration 3s --warmup 0s --seed 7 --config {await SmallPopulationsAsync()}");

        Assert.True(exitCode == ExitCodes.Passed, $"exit code {exitCode}: {error}");
        var report = Assert.Single(Directory.GetDirectories(reportDirectory));
        Assert.All(ReportFiles, file => Assert.True(File.Exists(Path.Combine(report, file)), $"{file} is missing"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "report.json"), TestContext.Current.CancellationToken));
        var names = scenarios.Split(',').Select(part => part.Split(':')[0]).ToList();
        var audits = json.RootElement.GetProperty("audits").EnumerateArray().ToList();
        Assert.Equal(names.Count, audits.Count);
        Assert.All(audits, audit => Assert.True(audit.GetProperty("passed").GetBoolean(), audit.ToString()));
        Assert.All(audits, audit => Assert.True(audit.GetProperty("money").GetProperty("depositsFen").GetInt64() > 0));
        var stats = json.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("stats")).ToList();
        Assert.Equal(names, stats.Select(s => s.GetProperty("name").GetString()));
        Assert.All(stats, s => Assert.True(s.GetProperty("successRps").GetDouble() > 0, s.GetProperty("name").GetString()));
        Assert.All(stats, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("ok").GetProperty("latency").GetProperty("histogram").GetProperty("counts").GetString())));
        var engine = json.RootElement.GetProperty("metadata").GetProperty("engine").GetString();
        Assert.Contains(mode.Contains("--embedded", StringComparison.Ordinal) ? "API child process" : "in-process silo", engine);
    }

    [Fact]
    public async Task A_failing_threshold_fails_the_run_and_abort_on_fail_ends_it_early()
    {
        // Nothing listens on the target: every ping fails, so "fail count = 0" fails within the first second.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, _) = await RunAsync($"run ping --target http://127.0.0.1:{LoopbackPort.Free()} --rate 50 --duration 60s --warmup 0s " +
                                           "--threshold \"fail count = 0\" --abort-on-fail");

        Assert.Equal(ExitCodes.ThresholdFailed, exitCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    /// <summary>Fewer senders and users than the defaults: init is sequential, and CI time matters.</summary>
    private async Task<string> SmallPopulationsAsync()
    {
        var path = Path.Combine(reportDirectory, "small.json");
        await File.WriteAllTextAsync(path, """
            {"ScenariosSettings": [
              {"ScenarioName": "festival", "CustomSettings": {"users": 200, "senders": 20, "initialEnvelopes": 10}},
              {"ScenarioName": "wallet-read", "CustomSettings": {"users": 50}}
            ]}
            """, TestContext.Current.CancellationToken);
        return path;
    }
    [Fact]
    public async Task The_child_API_does_not_inherit_the_generators_inline_socket_completions()
    {
        var before = Environment.GetEnvironmentVariable(ApiProcessHost.GeneratorOnlyVariable);
        Environment.SetEnvironmentVariable(ApiProcessHost.GeneratorOnlyVariable, "1");
        try
        {
            await using var host = new ApiProcessHost();
            await host.StartAsync(TestContext.Current.CancellationToken);

            var environment = await File.ReadAllTextAsync($"/proc/{host.ProcessId}/environ", TestContext.Current.CancellationToken);
            var names = environment.Split('\0').Select(entry => entry.Split('=')[0]).ToList();
            Assert.Contains("PATH", names);
            Assert.DoesNotContain(ApiProcessHost.GeneratorOnlyVariable, names);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ApiProcessHost.GeneratorOnlyVariable, before);
        }
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
