using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace Hongbao.Hosting.Telemetry;

public static class OrleansTelemetry
{
    /// <summary>
    /// Grain calls as spans of the caller's trace (when telemetry is enabled), and the dashboard's grain services
    /// (when the dashboard is on), for a silo.
    /// </summary>
    public static ISiloBuilder AddHongbaoTelemetry(this ISiloBuilder silo, IConfiguration configuration)
    {
        var telemetry = TelemetryOptions.From(configuration);
        if (telemetry.Enabled)
        {
            silo.AddOutgoingGrainCallFilter<TracedOutgoingGrainCalls>();
            silo.AddIncomingGrainCallFilter<TracedIncomingGrainCalls>();
        }

        if (telemetry.Dashboard)
        {
            silo.AddDashboard();
        }

        return silo;
    }

    /// <summary>The same for an Orleans client (the API in cluster mode): it serves the dashboard of the silos it talks to.</summary>
    public static IClientBuilder AddHongbaoTelemetry(this IClientBuilder client, IConfiguration configuration)
    {
        var telemetry = TelemetryOptions.From(configuration);
        if (telemetry.Enabled)
        {
            client.AddOutgoingGrainCallFilter<TracedOutgoingGrainCalls>();
        }

        if (telemetry.Dashboard)
        {
            client.AddDashboard();
        }

        return client;
    }
}
