using Hongbao.Api.Auth;
using Hongbao.Api.Hosting;
using Hongbao.Hosting.Telemetry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Hongbao.Api.Telemetry;

public static class ApiTelemetry
{
    /// <summary>
    /// The shared defaults (<see cref="HongbaoDefaults.AddHongbaoDefaults"/>), plus grain-call spans and the dashboard
    /// on whichever side of Orleans this API runs: the co-hosted silo (embedded) or the cluster client.
    /// Orleans applies repeated UseOrleans/UseOrleansClient calls to the one silo or client that hosting configured.
    /// </summary>
    public static WebApplicationBuilder AddHongbaoTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddHongbaoDefaults();
        var configuration = builder.Configuration;
        if (configuration.Hosting().Mode == HostingMode.Embedded)
        {
            builder.UseOrleans(silo => silo.AddHongbaoTelemetry(configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.AddHongbaoTelemetry(configuration));
        }

        return builder;
    }

    public const string MetricsPortPolicy = "metrics-port";

    /// <summary>
    /// GET /metrics for Prometheus: open in Development; elsewhere for admins, or for anyone on the management port
    /// (<see cref="HostingOptions.MetricsPort"/>), since the metrics tell an outsider how busy and how big the engine is.
    /// </summary>
    public static IEndpointRouteBuilder MapTelemetryApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
        {
            return app;
        }

        var metrics = app.MapPrometheusScrapingEndpoint(HongbaoDefaults.MetricsPath);
        if (!app.Environment.IsDevelopment())
        {
            metrics.RequireAuthorization(app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.MetricsPort is null ? Roles.AdminPolicy : MetricsPortPolicy);
        }

        return app;
    }

    /// <summary>Met by connections to the management port: the local port is the server's, unlike a Host header.</summary>
    public static AuthorizationBuilder AddMetricsPortPolicy(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(MetricsPortPolicy, policy => policy.RequireAssertion(context =>
            context.Resource is HttpContext http
            && http.Connection.LocalPort == http.RequestServices.GetRequiredService<IOptions<HostingOptions>>().Value.MetricsPort));
}
