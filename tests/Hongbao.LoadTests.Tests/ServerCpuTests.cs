using System.Globalization;
using System.Net;
using System.Text.Json;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Output;
using Hongbao.LoadTests.Reports;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Simulations;
using Hongbao.LoadTests.Tests.Fakes;
using Hongbao.LoadTests.Thresholds;

namespace Hongbao.LoadTests.Tests;

/// <summary>Server CPU per success: read from each node's /metrics at both ends of the load, per node and in total.</summary>
public sealed class ServerCpuTests
{
    private static readonly Uri Api = new("http://127.0.0.1:5080/");
    private static readonly Uri Silo = new("http://127.0.0.1:41000/metrics");
    private static readonly Uri Closed = new("http://127.0.0.1:41001/metrics");

    private static string Cpu(double user, double system) => string.Create(CultureInfo.InvariantCulture, $$"""
        # TYPE dotnet_process_cpu_time_seconds_total counter
        # UNIT dotnet_process_cpu_time_seconds_total seconds
        dotnet_process_cpu_time_seconds_total{cpu_mode="user",otel_scope_name="System.Runtime"} {{user}} 1700000000000
        dotnet_process_cpu_time_seconds_total{cpu_mode="system",otel_scope_name="System.Runtime"} {{system}} 1700000000000
        hongbao_grabs_total{outcome="granted"} 5
        """);

    /// <summary>The API spends 2 s (1.5 user + 0.5 system) and the silo 0.5 s during the load; the third node's /metrics is closed.</summary>
    private static ServerMetricsProbe NewProbe() =>
        ServerMetricsProbe.ForHttp(
            new HttpClient(new ScriptedMetricsHandler(new Dictionary<string, string[]>
            {
                ["http://127.0.0.1:5080/metrics"] = [Cpu(10, 2), Cpu(11.5, 2.5)],
                [Silo.AbsoluteUri] = [Cpu(3, 0), Cpu(3.25, 0.25)],
            })),
            [Api], [Silo, Closed]);

    [Fact]
    public async Task Cpu_per_success_is_each_nodes_cpu_during_the_load_over_the_runs_successes()
    {
        var probe = NewProbe();
        await probe.CaptureBaselineAsync(TestContext.Current.CancellationToken);
        await probe.CaptureEndAsync(TestContext.Current.CancellationToken);

        var cpu = probe.CpuFor(successes: 10_000);

        Assert.Equal(["http://127.0.0.1:5080/metrics", Silo.AbsoluteUri, Closed.AbsoluteUri], cpu.Nodes.Select(n => n.Node));
        Assert.Equal([2.0, 0.5, null], cpu.Nodes.Select(n => n.CpuSeconds));
        Assert.Equal([200.0, 50.0, null], cpu.Nodes.Select(cpu.MicrosPerSuccess));
        Assert.Equal(250.0, cpu.TotalMicrosPerSuccess!.Value, 9);
        Assert.Contains("server CPU total (2 of 3 nodes): 2.500 s over 10000 successes, 250.0 µs per success", cpu.Describe());
        Assert.Contains(cpu.Describe(), line => line.StartsWith($"server CPU {Closed.AbsoluteUri}: not available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_run_reads_the_servers_at_the_edges_of_the_load_and_every_report_shows_cpu_per_success()
    {
        var scenario = Scenario.Create("ok", _ => Task.FromResult(Response.Ok())).WithoutWarmUp()
            .WithLoadSimulations(Simulation.IterationsForConstant(2, 10_000));

        var result = await LoadTestRunner.RegisterScenarios(scenario).WithServerMetrics(NewProbe())
            .WithThresholds("server-cpu-per-success < 300us", "server-cpu-per-success < 0.2ms")
            .WithoutReports().WithoutConsoleOutput().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(250.0, result.ServerCpu!.TotalMicrosPerSuccess!.Value, 9);
        Assert.Equal([true, false], result.Thresholds.Select(t => t.Passed));
        Assert.Equal(250.0, result.Thresholds[1].Actual!.Value, 9);
        Assert.Contains("server grabs granted", result.Metadata.Keys);
        foreach (var report in new[] { TextReport.Render(result), MarkdownReport.Render(result), WebUtility.HtmlDecode(HtmlReport.Render(result)) })
        {
            Assert.Contains("server CPU total (2 of 3 nodes): 2.500 s over 10000 successes, 250.0 µs per success", report, StringComparison.Ordinal);
        }

        Assert.Contains(ResultLines.Describe(result), line => line.Contains("250.0 µs per success", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(JsonReport.Render(result));
        var serverCpu = json.RootElement.GetProperty("serverCpu");
        Assert.Equal(250.0, serverCpu.GetProperty("totalMicrosPerSuccess").GetDouble(), 9);
        Assert.Equal(200.0, serverCpu.GetProperty("nodes")[0].GetProperty("microsPerSuccess").GetDouble(), 9);
    }

    [Theory]
    [InlineData("server-cpu-per-success < 300us", 300)]
    [InlineData("server-cpu-per-success < 300", 300)]
    [InlineData("server cpu per success <= 0.5ms", 500)]
    public void Server_cpu_thresholds_are_in_microseconds(string text, double limit)
    {
        var threshold = Threshold.Parse(text);

        Assert.Equal((ThresholdMetric.ServerCpuPerSuccess, limit), (threshold.Metric, threshold.Limit));
        Assert.False(threshold.CanFailEarly);
    }

    [Fact]
    public void A_server_cpu_threshold_fails_when_no_server_was_read()
    {
        var result = ThresholdEvaluator.Evaluate([Threshold.Parse("server-cpu-per-success < 300us")], [ThresholdTests.Sample("s", 1, 0, 1, 0)]).Single();

        Assert.False(result.Passed);
        Assert.Contains("no server CPU was read", result.Describe(), StringComparison.Ordinal);
    }
}
