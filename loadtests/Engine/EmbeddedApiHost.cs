using Hongbao.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Hongbao.LoadTests.Cli;

namespace Hongbao.LoadTests.Engine;

/// <summary>
/// <c>--embedded</c>: the real API, co-hosting its silo on a temporary SQLite file, started inside this process on
/// a free loopback port, in Development (for /dev/token) with rate limits off. Other engine settings come from the
/// environment as usual, e.g. <c>Hongbao__Envelopes__WritePerGrab=true</c>.
/// </summary>
public sealed class EmbeddedApiHost : IEngineHost
{
    private readonly string folder = Directory.CreateTempSubdirectory("hongbao-loadtest-").FullName;
    private WebApplication? app;

    public async Task<IReadOnlyList<Uri>> StartAsync(CancellationToken cancellation)
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        app = HongbaoApiApplication.Build(
        [
            "--environment", "Development",
            "--urls", url,
            $"--Hongbao:Storage:SqlitePath={Path.Combine(folder, "hongbao.db")}",
            $"--Hongbao:Cluster:SiloPort={LoopbackPort.Free()}",
            $"--Hongbao:Cluster:GatewayPort={LoopbackPort.Free()}",
            "--Hongbao:RateLimits:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync(cancellation);
        return [new Uri(url + "/")];
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
