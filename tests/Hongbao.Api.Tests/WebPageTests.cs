using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests;

/// <summary>The page's files are served to anyone, and serving them changes nothing about the API's routes.</summary>
[Collection(nameof(ApiCollection))]
public sealed class WebPageTests(ApiFixture api)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/js/money.js", "text/javascript")]
    public async Task The_page_is_served_without_a_token(string path, string mediaType)
    {
        using var anonymous = api.Anonymous();
        var response = await anonymous.GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_root_is_the_page_with_its_test_hooks()
    {
        using var anonymous = api.Anonymous();
        var html = await anonymous.GetStringAsync("/", Cancel);

        foreach (var hook in new[] { "signin-form", "balance", "send-form", "envelope-link", "grab-button", "my-share", "grab-list", "best-luck", "status" })
        {
            Assert.Contains($"data-testid=\"{hook}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_file_is_a_404_problem()
    {
        using var anonymous = api.Anonymous();
        await (await anonymous.GetAsync("/js/missing.js", Cancel)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
