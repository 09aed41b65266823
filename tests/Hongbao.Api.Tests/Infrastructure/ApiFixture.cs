using System.Net.Http.Headers;
using Hongbao.Api.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Tests.Infrastructure;

/// <summary>One embedded engine behind the API, shared by every test of the collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    /// <summary>The wallet rate limit is low so that 429 is reachable; every test uses its own user ids.</summary>
    public const int WalletRequestsPerMinute = 20;

    public ApiFixture()
        : this(new HongbaoApiFactory("Development", new Dictionary<string, string?>
        {
            ["Hongbao:RateLimits:Wallets:PermitLimit"] = WalletRequestsPerMinute.ToString(),
            ["Hongbao:RateLimits:Wallets:Window"] = "00:01:00",
            ["Hongbao:RateLimits:Envelopes:PermitLimit"] = "100000",
            ["Hongbao:RateLimits:EnvelopeReads:PermitLimit"] = "100000",
            ["Hongbao:RateLimits:GrabPages:PermitLimit"] = "100000",
            ["Hongbao:RateLimits:Anonymous:PermitLimit"] = "100000",
            ["Hongbao:RateLimits:Health:PermitLimit"] = "100000",
            ["Hongbao:RateLimits:Grabs:PermitLimit"] = "100000",
            ["Hongbao:RateLimits:DevTokens:PermitLimit"] = "100000",
            // Lets a test watch an envelope expire within a second or two.
            ["Hongbao:Envelopes:TtlMinSeconds"] = "1",
        }))
    {
    }

    /// <summary>The same helpers over another factory (xunit builds fixtures with the public constructor only).</summary>
    internal ApiFixture(HongbaoApiFactory factory) => Factory = factory;

    public HongbaoApiFactory Factory { get; }

    public IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    public Tokens Tokens => new(Factory.Services.GetRequiredService<IOptions<AuthOptions>>().Value);

    public async ValueTask InitializeAsync()
    {
        using var client = Factory.CreateClient();
        await Eventually.MatchAsync(
            async () => (await client.GetAsync("/health/ready")).StatusCode,
            status => status == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(60),
            "the embedded engine to be ready");
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient As(string userId, params string[] roles) => WithToken(Tokens.For(userId, roles));

    public HttpClient WithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

[CollectionDefinition(nameof(ApiCollection))]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>;
