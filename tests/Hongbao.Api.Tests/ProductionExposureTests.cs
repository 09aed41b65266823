using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>What a Production node shows to whom: no API docs unless asked for, metrics for admins, terse token errors, bounded token lifetimes.</summary>
public sealed class ProductionExposureTests(ProductionExposureTests.Fixture production) : IClassFixture<ProductionExposureTests.Fixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ApiFixture Api => production.Api;

    [Theory]
    [InlineData("/docs")]
    [InlineData("/openapi/v1.json")]
    public async Task Api_docs_are_off(string path)
    {
        using var anonymous = Api.Anonymous();
        await (await anonymous.GetAsync(path, Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Api_docs_can_be_turned_on()
    {
        await using var factory = new HongbaoApiFactory("Production", new Dictionary<string, string?>
        {
            ["Hongbao:Auth:SigningKey"] = Fixture.SigningKey,
            ["Hongbao:Hosting:ApiDocs"] = "true",
        });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Metrics_are_for_admins()
    {
        using var anonymous = Api.Anonymous();
        await (await anonymous.GetAsync("/metrics", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var user = Api.As("prod-user");
        await (await user.GetAsync("/metrics", Cancel)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var admin = Api.As("prod-admin", "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics", Cancel)).StatusCode);
    }

    [Fact]
    public async Task With_a_management_port_metrics_answer_on_that_port_only()
    {
        await using var factory = new HongbaoApiFactory("Production", new Dictionary<string, string?>
        {
            ["Hongbao:Auth:SigningKey"] = Fixture.SigningKey,
            ["Hongbao:Hosting:MetricsPort"] = "9464",
        });
        // The test server's connections have no local port: this request did not come in on the management port.
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_refused_token_is_not_explained()
    {
        using var late = Api.WithToken(Api.Tokens.Expired("prod-late"));
        var response = await late.GetAsync("/wallets/me", Cancel);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.DoesNotContain("error_description", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_that_lives_longer_than_the_maximum_is_refused()
    {
        using var longLived = Api.WithToken(Api.Tokens.WithLifetime("prod-long", TimeSpan.FromHours(25)));
        await (await longLived.GetAsync("/wallets/me", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var dayLong = Api.WithToken(Api.Tokens.WithLifetime("prod-day", TimeSpan.FromHours(23)));
        Assert.Equal(HttpStatusCode.OK, (await dayLong.GetAsync("/wallets/me", Cancel)).StatusCode);
    }

    public static TheoryData<string> ForgedTokens => ["unsigned", "wrong issuer", "wrong audience"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task A_forged_token_is_401(string forgery)
    {
        var token = forgery switch
        {
            "unsigned" => Api.Tokens.Unsigned("prod-forger"),
            "wrong issuer" => Api.Tokens.WithIssuer("prod-forger", "someone-else"),
            _ => Api.Tokens.WithAudience("prod-forger", "another-api"),
        };
        using var forger = Api.WithToken(token);
        await (await forger.GetAsync("/wallets/me", Cancel)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public const string SigningKey = "a-production-secret-of-more-than-32-bytes";

        public ApiFixture Api { get; } = new(new HongbaoApiFactory("Production", new Dictionary<string, string?> { ["Hongbao:Auth:SigningKey"] = SigningKey }));

        public ValueTask InitializeAsync() => Api.InitializeAsync();

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }
}
