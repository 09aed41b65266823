using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Hosting.Health;

/// <summary>
/// A standalone silo's health over HTTP, on the same paths as the API's, for orchestrators (Kubernetes probes,
/// the Aspire AppHost): <c>/health/live</c> answers while the process runs, <c>/health/ready</c> while the silo is
/// an active cluster member (not while it joins or leaves).
/// </summary>
public static class SiloHealth
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    /// <summary>
    /// Serves health where ASP.NET Core is told to listen (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, --urls); told
    /// nothing, on a loopback port the system picks, so that several silos on one machine (scripts/cluster.sh, the
    /// failure tests) never fight over ASP.NET Core's default port.
    /// </summary>
    public static WebApplicationBuilder AddSiloHealth(this WebApplicationBuilder builder)
    {
        if (new[] { "urls", "http_ports", "https_ports" }.All(key => string.IsNullOrWhiteSpace(builder.Configuration[key])))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo-active", tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapSiloHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
