using Hongbao.Api.Hosting;
using Hongbao.Hosting.Telemetry;
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

    /// <summary>GET /metrics for Prometheus, unauthenticated like every scrape target: restrict it at the network edge.</summary>
    public static IEndpointRouteBuilder MapTelemetryApi(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(HongbaoDefaults.MetricsPath);
        }

        return app;
    }
}
