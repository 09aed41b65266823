using Hongbao.Grains.Common;
using Hongbao.Grains.Wallets;
using Hongbao.Hosting;
using Hongbao.Tests.Faults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Hongbao.Tests.Infrastructure;

/// <summary>
/// A one-silo engine on a SQLite file, built with the production <c>AddHongbaoEngine</c>; settings may choose another
/// backend instead (the simulation's PostgreSQL run). Restarting builds a new cluster on the same database and
/// service id, as a process restart would.
/// </summary>
public sealed class EngineCluster : IAsyncDisposable
{
    public const string ServiceId = "hongbao-tests";

    private readonly IReadOnlyDictionary<string, string?> settings;

    private EngineCluster(string databasePath, IReadOnlyDictionary<string, string?> settings, TimeProvider? clock, int seed, StorageFaults? faults)
    {
        DatabasePath = databasePath;
        this.settings = settings;
        Clock = clock;
        Seed = seed;
        Faults = faults;
    }

    public string DatabasePath { get; }

    /// <summary>The engine's clock when the test moves time itself; null means real time.</summary>
    public TimeProvider? Clock { get; }

    public int Seed { get; }

    /// <summary>Faults injected at the storage seam, when the test asked for them.</summary>
    public StorageFaults? Faults { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Where envelopes credit wallets, to deliver a credit again as settlement would after a crash.</summary>
    public WalletCredits Credits => Cluster.Silos[0].ServiceProvider.GetRequiredService<WalletCredits>();

    public static async Task<EngineCluster> StartAsync(
        string databasePath,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        int seed = 20261125,
        StorageFaults? faults = null)
    {
        var engine = new EngineCluster(databasePath, settings ?? new Dictionary<string, string?>(), clock, seed, faults);
        await engine.DeployAsync();
        return engine;
    }

    /// <summary>Stops the silo abruptly (no graceful deactivation) and starts a new one on the same file.</summary>
    public async Task CrashAndRestartAsync()
    {
        foreach (var silo in Cluster.Silos.ToList())
        {
            await Cluster.KillSiloAsync(silo);
        }

        await Cluster.DisposeAsync();
        await DeployAsync();
    }

    private async Task DeployAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hongbao:Storage:Sqlite:Path"] = DatabasePath,
                ["Hongbao:Envelopes:TtlMinSeconds"] = "1",
                ["Hongbao:Engine:RandomSeed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .AddInMemoryCollection(settings)
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddHongbaoEngine(configuration);
            if (Clock is not null)
            {
                silo.Services.AddSingleton(new EngineClock(Clock));
            }

            Faults?.DecorateSilo(silo.Services);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
