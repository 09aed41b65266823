using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Api.Tests.Infrastructure;

/// <summary>
/// The API in embedded mode on a temporary SQLite file and free silo ports; <paramref name="services"/> replaces or adds
/// services after the API registered its own (e.g. an in-memory trace exporter).
/// </summary>
public sealed class HongbaoApiFactory(
    string environment,
    IReadOnlyDictionary<string, string?> settings,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("hongbao-api-tests-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = FreePorts.Take(2);
        builder.UseEnvironment(environment);
        builder.UseSetting("Hongbao:Cluster:SiloPort", ports[0].ToString());
        builder.UseSetting("Hongbao:Cluster:GatewayPort", ports[1].ToString());
        builder.UseSetting("Hongbao:Storage:Sqlite:Path", Path.Combine(DataDirectory, "hongbao.db"));
        builder.UseSetting("Hongbao:Storage:Sqlite:Synchronous", "Normal");
        builder.UseSetting("Hongbao:Engine:RandomSeed", "20260101");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection: the OS temp cleaner gets it.
        }
    }
}
