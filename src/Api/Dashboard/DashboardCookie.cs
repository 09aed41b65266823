using Hongbao.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Hongbao.Api.Dashboard;

/// <summary>
/// Embedded development mode only: the bearer handler also takes the token from the dashboard cookie, for requests
/// under /dashboard. Anywhere else the dashboard needs an Authorization header (e.g. added by a reverse proxy).
/// </summary>
public static class DashboardCookie
{
    public const string Name = "hongbao_dashboard";

    public static bool IsAvailable(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && configuration.Hosting().Mode == HostingMode.Embedded;

    public static WebApplicationBuilder AddDashboardCookie(this WebApplicationBuilder builder)
    {
        if (IsAvailable(builder.Environment, builder.Configuration))
        {
            // PostConfigure: AuthSetup replaces the bearer events in Configure, so ours must come after it.
            builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                var received = jwt.Events.OnMessageReceived;
                jwt.Events.OnMessageReceived = async context =>
                {
                    await received(context);
                    if (context.Token is null
                        && context.Request.Path.StartsWithSegments(DashboardApi.Path)
                        && !context.Request.Headers.Authorization.Any()
                        && context.Request.Cookies.TryGetValue(Name, out var token))
                    {
                        context.Token = token;
                    }
                };
            });
        }

        return builder;
    }
}
