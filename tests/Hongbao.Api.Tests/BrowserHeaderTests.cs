using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>Every response tells browsers what the page may do: no framing, no sniffing, no referrer; HSTS outside Development.</summary>
[Collection(nameof(ApiCollection))]
public sealed class BrowserHeaderTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/js/app.js")]
    [InlineData("/health/live")]
    [InlineData("/wallets/me")]
    [InlineData("/no-such-route")]
    public async Task Every_response_carries_the_browser_headers(string path)
    {
        using var anonymous = api.Anonymous();
        using var response = await anonymous.GetAsync(path, Cancel);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS in Development");
    }

    [Fact]
    public async Task Outside_development_https_responses_carry_hsts()
    {
        await using var factory = new HongbaoApiFactory("Production", new Dictionary<string, string?>
        {
            ["Hongbao:Auth:SigningKey"] = ProductionExposureTests.Fixture.SigningKey,
        });
        using var client = factory.CreateClient(new() { BaseAddress = new Uri("https://hongbao.example/") });
        using var response = await client.GetAsync("/health/live", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }
}
