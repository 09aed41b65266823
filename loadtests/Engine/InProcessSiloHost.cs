using Hongbao.Hosting;
using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Scenarios.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hongbao.LoadTests.Engine;

/// <summary>
/// <c>--mode grain</c>: a silo in this process (the production engine on a temporary SQLite file) whose
/// co-hosted client the scenarios call directly.
/// Engine settings come from the environment as usual, e.g. <c>Hongbao__Envelopes__WritePerGrab=true</c>.
/// </summary>
public sealed class InProcessSiloHost : IGrainApiHost
{
    private readonly string folder = Directory.CreateTempSubdirectory("hongbao-loadtest-").FullName;
    private IHost? host;

    public async Task<IHongbaoApi> StartAsync(CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hongbao:Storage:Sqlite:Path"] = Path.Combine(folder, "hongbao.db"),
            ["Hongbao:Cluster:SiloPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hongbao:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.UseOrleans(silo => silo.UseHongbaoClustering(builder.Configuration).AddHongbaoEngine(builder.Configuration));
        host = builder.Build();
        await host.StartAsync(cancellation);
        return new GrainHongbaoApi(host.Services.GetRequiredService<IGrainFactory>());
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
