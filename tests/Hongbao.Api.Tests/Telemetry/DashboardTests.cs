using System.Net;
using Hongbao.Api.Tests.Infrastructure;

namespace Hongbao.Api.Tests.Telemetry;

/// <summary>The Orleans dashboard at /dashboard: admins only, with a cookie sign-in for browsers in development.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class DashboardTests(TelemetryFixture telemetry)
{
    private ApiFixture Api => telemetry.Api;

    [Fact]
    public async Task Anonymous_callers_get_401_and_non_admins_403()
    {
        using var anonymous = Api.Anonymous();
        using var user = Api.As("dashboard-user");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/ClusterStats", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/dashboard/", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/dashboard/DashboardCounters", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_admin_gets_the_page_and_the_silo_counters()
    {
        using var admin = Api.As("dashboard-admin", "admin");

        var page = await admin.GetAsync("/dashboard/", TestContext.Current.CancellationToken);
        var counters = await admin.GetAsync("/dashboard/DashboardCounters", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var body = await counters.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(counters.StatusCode == HttpStatusCode.OK, $"{(int)counters.StatusCode}: {body}");
        Assert.Contains("\"hosts\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_development_sign_in_keeps_the_token_in_a_cookie_that_still_needs_the_admin_role()
    {
        using var browser = Api.Anonymous(); // handles cookies and follows the redirect, as a browser would
        using var otherBrowser = Api.Anonymous();

        var asAdmin = await browser.GetAsync($"/dev/dashboard-login?token={Api.Tokens.For("cookie-admin", "admin")}", TestContext.Current.CancellationToken);
        var asUser = await otherBrowser.GetAsync($"/dev/dashboard-login?token={Api.Tokens.For("cookie-user")}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal("/dashboard/", asAdmin.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/ClusterStats", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
        // The cookie is for the dashboard only: the rest of the API still wants a bearer header.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/wallets/me", TestContext.Current.CancellationToken)).StatusCode);
    }
}
