using System.Globalization;
using System.Text.RegularExpressions;
using Hongbao.Cluster.Tests.Failure;

namespace Hongbao.Cluster.Tests.Silo;

/// <summary>
/// A standalone silo serves its Prometheus text at /metrics on its health port, with the process CPU a load test reads
/// per node (docs/load-testing.md, "What a grab costs"). Only loopback connections get it; this test connects over
/// loopback, so it sees the answer a scraper on the same machine sees.
/// </summary>
public sealed class SiloMetricsTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_standalone_silo_serves_its_process_cpu_at_metrics_on_its_health_port()
    {
        var data = Directory.CreateTempSubdirectory("hongbao-silo-metrics-");
        var healthPort = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["Hongbao__Storage__Sqlite__Path"] = Path.Combine(data.FullName, "silo.db"),
            ["Hongbao__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Hongbao__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{healthPort}",
        };
        await using var silo = NodeProcess.Start("silo:metrics", BuildOutput.SiloDirectory, "Hongbao.Silo.dll", environment);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var metrics = await Eventually.ReturnsAsync(() => ScrapeAsync(http), text => text.Contains("dotnet_process_cpu_time_seconds_total", StringComparison.Ordinal),
                StartDeadline, "the silo's /metrics with its process CPU");

            Assert.Matches(new Regex(@"^dotnet_process_cpu_time_seconds_total(\{[^}]*\})? [0-9.eE+-]+", RegexOptions.Multiline), metrics);
        }
        finally
        {
            await silo.KillAsync();
            data.Delete(recursive: true);
        }
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/metrics");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException error)
        {
            return $"not answering yet: {error.Message}";
        }
    }
}
