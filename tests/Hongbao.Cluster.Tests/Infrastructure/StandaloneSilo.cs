using System.Globalization;
using Hongbao.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>
/// A production-style silo host in this process, wired as src/Silo's Program is (UseHongbaoClustering + AddHongbaoEngine), on free
/// loopback ports. Several of them in one test process form a real cluster through the ADO.NET membership table.
/// </summary>
public static class StandaloneSilo
{
    public static async Task<IHost> StartAsync(string connectionString, string serviceId, string clusterId)
    {
        // No defaults: the developer's environment variables and appsettings must not leak into the test.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hongbao:Storage:Provider"] = "Postgres",
            ["Hongbao:Storage:Postgres:ConnectionString"] = connectionString,
            ["Hongbao:Cluster:ServiceId"] = serviceId,
            ["Hongbao:Cluster:ClusterId"] = clusterId,
            ["Hongbao:Cluster:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Hongbao:Cluster:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseHongbaoClustering(builder.Configuration)
            .AddHongbaoEngine(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
