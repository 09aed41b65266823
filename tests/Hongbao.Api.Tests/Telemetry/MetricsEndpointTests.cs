using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests.Telemetry;

/// <summary>What a Prometheus scrape of /metrics shows after grabs over HTTP.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class MetricsEndpointTests(TelemetryFixture telemetry)
{
    private ApiFixture Api => telemetry.Api;

    [Fact]
    public async Task A_scrape_counts_grabs_by_outcome_credits_and_settlement_lag()
    {
        var before = await ScrapeAsync();
        await Api.DepositAsync("metrics-sender", 10_000);
        var envelope = await Api.CreateEnvelopeAsync("metrics-sender", """{"kind":"lucky","totalAmount":300,"shares":3}""");
        foreach (var user in new[] { "metrics-a", "metrics-b", "metrics-c", "metrics-d" })
        {
            using var client = Api.As(user);
            await client.PostAsync($"/envelopes/{envelope.Id}/grabs", null, TestContext.Current.CancellationToken);
        }

        await Api.WaitForSettledAsync(envelope.Id, "metrics-watcher");

        // Credits are counted when wallets apply them; the scrape may also be cached for a moment.
        var after = await Eventually.MatchAsync(
            ScrapeAsync,
            scrape => Delta(before, scrape, "hongbao_wallet_credits_total", "result=\"applied\"") >= 3,
            TimeSpan.FromSeconds(15),
            "three applied credits in /metrics");

        Assert.Equal(3, Delta(before, after, "hongbao_grabs_total", "outcome=\"granted\""));
        Assert.Equal(1, Delta(before, after, "hongbao_grabs_total", "outcome=\"exhausted\""));
        Assert.Equal(3, Delta(before, after, "hongbao_grab_duration_seconds_count", "outcome=\"granted\""));
        Assert.Equal(3, Delta(before, after, "hongbao_wallet_credits_total", "result=\"applied\""));
        Assert.Equal(3, Delta(before, after, "hongbao_settlement_lag_seconds_count"));
        // The opening and the three grabs each rode on some write; settlement checkpoints add writes of their own.
        Assert.True(Delta(before, after, "hongbao_group_commit_batch_size_sum") >= 4, after.Text);
        Assert.True(Delta(before, after, "hongbao_group_commit_batch_size_count") >= 1, after.Text);
        Assert.Contains("# TYPE hongbao_settlement_backlog gauge", after.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE hongbao_envelopes_open gauge", after.Text, StringComparison.Ordinal);
        Assert.Contains("\norleans_", after.Text, StringComparison.Ordinal);
        Assert.Contains("\nhttp_server_request_duration_seconds_count", after.Text, StringComparison.Ordinal);
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var client = Api.Anonymous();
        var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusText(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static double Delta(PrometheusText before, PrometheusText after, string metric, params string[] labels) =>
        after.Value(metric, labels) - before.Value(metric, labels);
}
