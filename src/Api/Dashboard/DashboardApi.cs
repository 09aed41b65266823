using Hongbao.Api.Auth;
using Hongbao.Api.Errors;
using Hongbao.Api.RateLimiting;
using Hongbao.Hosting.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Hongbao.Api.Dashboard;

public static class DashboardApi
{
    public const string Path = "/dashboard";

    /// <summary>
    /// The Orleans dashboard at /dashboard, for admins only. In embedded development mode, also
    /// GET /dev/dashboard-login?token=... which keeps an admin's token in a cookie, since a browser cannot add a
    /// bearer header to the dashboard's own requests.
    /// </summary>
    public static IEndpointRouteBuilder MapDashboardApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Dashboard)
        {
            return app;
        }

        app.MapOrleansDashboard(Path).RequireAuthorization(Roles.AdminPolicy).ExcludeFromDescription();
        if (DashboardCookie.IsAvailable(app.Environment, app.Configuration))
        {
            app.MapGet("/dev/dashboard-login", SignIn).WithTags("Development").WithName("DashboardLogin").AllowAnonymous()
                .WithSummary("Open the dashboard in a browser")
                .WithDescription("Embedded Development mode only: keeps an admin token in a cookie for /dashboard and redirects there.")
                .RequireRateLimiting(RateLimitPolicies.DevTokens).ProducesProblem(StatusCodes.Status400BadRequest);
        }

        return app;
    }

    /// <summary>
    /// Stores the token as it is: the bearer handler checks it (signature, expiry, admin role) on every dashboard
    /// request, so a bad token here just leads to a 401 or 403 there.
    /// </summary>
    public static Results<RedirectHttpResult, ProblemHttpResult> SignIn(string? token, HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Problems.ValidationFailed(new Dictionary<string, string[]> { ["token"] = ["token is required: an access token from POST /dev/token with the admin role."] });
        }

        context.Response.Cookies.Append(DashboardCookie.Name, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = Path,
        });
        return TypedResults.Redirect(Path + "/");
    }
}
