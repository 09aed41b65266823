using System.Net;
using Hongbao.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Tests;

/// <summary>Start-up refusals and what only exists in embedded development mode; each test builds its own host.</summary>
public sealed class StartupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, "No signing key is configured")]
    [InlineData("too-short-key", "too weak")]
    [InlineData(Hongbao.Api.Auth.DevelopmentSigningKey.Value, "public development key")]
    public async Task Production_without_a_strong_key_refuses_to_start(string? signingKey, string message)
    {
        await using var factory = new HongbaoApiFactory("Production", new Dictionary<string, string?> { ["Hongbao:Auth:SigningKey"] = signingKey });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException a ? a.Flatten().InnerExceptions[0] : error);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
        Assert.Contains("Hongbao:Auth:SigningKey", validation.Message, StringComparison.Ordinal);
        await Task.CompletedTask.WaitAsync(Cancel);
    }

    [Fact]
    public async Task Production_with_a_key_serves_but_has_no_dev_token()
    {
        await using var factory = new HongbaoApiFactory("Production", new Dictionary<string, string?>
        {
            ["Hongbao:Auth:SigningKey"] = "a-production-secret-of-more-than-32-bytes",
        });
        using var client = factory.CreateClient();
        var response = await client.PostJsonAsync("/dev/token", """{"userId":"alice","roles":["admin"]}""");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Cancel)).StatusCode);
    }
}
