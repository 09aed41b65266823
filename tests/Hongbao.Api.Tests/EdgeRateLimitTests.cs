using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>
/// Rate limits cover what is refused (401, 403) and every route that needs no token, while health probes keep a
/// budget of their own so that a flood of other anonymous requests never fails an orchestrator's probe.
/// </summary>
public sealed class EdgeRateLimitTests(EdgeRateLimitTests.Fixture edge) : IClassFixture<EdgeRateLimitTests.Fixture>
{
    private const int WalletPermits = 3;
    private const int AnonymousPermits = 10;
    private const int HealthPermits = 200;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_401s_are_rate_limited()
    {
        using var anonymous = edge.Api.Anonymous();
        var statuses = await StatusesAsync(anonymous, "/wallets/me", WalletPermits + 1);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, WalletPermits).Append(HttpStatusCode.TooManyRequests), statuses);
    }

    [Fact]
    public async Task Forbidden_403s_are_rate_limited()
    {
        using var nosy = edge.Api.As("edge-nosy");
        var statuses = await StatusesAsync(nosy, "/wallets/edge-victim", WalletPermits + 1);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Forbidden, WalletPermits).Append(HttpStatusCode.TooManyRequests), statuses);
    }

    [Fact]
    public async Task Every_anonymous_route_is_rate_limited_and_health_keeps_its_own_budget()
    {
        using var anonymous = edge.Api.Anonymous();
        foreach (var path in new[] { "/", "/js/app.js", "/openapi/v1.json", "/docs", "/metrics", "/no-such-route" })
        {
            var statuses = await StatusesAsync(anonymous, path, AnonymousPermits + 1);
            Assert.True(statuses[^1] == HttpStatusCode.TooManyRequests, $"{path}: {string.Join(", ", statuses)}");
        }

        // The anonymous budget is spent, and health still answers; it is limited too, by a far larger budget.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Cancel)).StatusCode);
        var health = await StatusesAsync(anonymous, "/health/live", HealthPermits + 1);
        Assert.Contains(HttpStatusCode.TooManyRequests, health);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, string path, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(path, Cancel);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public ApiFixture Api { get; } = new(new HongbaoApiFactory("Development", new Dictionary<string, string?>
        {
            ["Hongbao:RateLimits:Wallets:PermitLimit"] = WalletPermits.ToString(),
            ["Hongbao:RateLimits:Wallets:Window"] = "00:10:00",
            ["Hongbao:RateLimits:Anonymous:PermitLimit"] = AnonymousPermits.ToString(),
            ["Hongbao:RateLimits:Anonymous:Window"] = "00:10:00",
            ["Hongbao:RateLimits:Health:PermitLimit"] = HealthPermits.ToString(),
            ["Hongbao:RateLimits:Health:Window"] = "00:10:00",
        }));

        public ValueTask InitializeAsync() => Api.InitializeAsync();

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }
}
