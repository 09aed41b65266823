using System.Net;
using Hongbao.Hosting.Telemetry;
using Microsoft.Extensions.Options;

namespace Hongbao.Silo;

/// <summary>
/// The silo's Prometheus text at <c>/metrics</c> on its health port, for a scraper on the same machine (the load
/// tool against scripts/cluster.sh, a sidecar). It answers loopback connections only: the health port may be
/// reachable from elsewhere (orchestrator probes reach it on the node's address), and the metrics tell an outsider
/// how busy and how big the engine is. A scraper on another machine uses <c>Hongbao:Telemetry:SiloMetricsPort</c>.
/// </summary>
internal static class SiloMetricsEndpoint
{
    public static WebApplication MapSiloMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.Request.Path == HongbaoDefaults.MetricsPath && IsLoopback(context.Connection.RemoteIpAddress));
        }

        return app;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
