using System.Net;
using Hongbao.Grains.Common;
using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Wallets;
using Hongbao.Storage.Backends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Hongbao.Hosting;

public static class HongbaoSiloExtensions
{
    private const string SqliteInvariant = "System.Data.SQLite";
    private const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds the Hongbao engine to a silo: options, grain services, and the storage backend named by
    /// "Hongbao:Storage:Provider" for rows and reminders. Clustering is separate (<see cref="UseHongbaoClustering"/>):
    /// test clusters bring their own.
    /// </summary>
    public static ISiloBuilder AddHongbaoEngine(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<EnvelopeOptions>().Bind(configuration.GetSection(EnvelopeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WalletOptions>().Bind(configuration.GetSection(WalletOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section));
        services.TryAddSingleton(EngineClock.System);
        services.TryAddSingleton<IShareRandom>(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.RandomSeed is { } seed
            ? new SeededShareRandom(seed)
            : new SystemShareRandom());
        services.AddSingleton<WalletCredits>();
        StorageBackends.Selected(configuration).AddStorage(silo, configuration);
        return silo;
    }

    /// <summary>
    /// Joins the cluster: through the backend's membership table when it keeps one (PostgreSQL), so that silos and API
    /// clients find each other through the database; otherwise as a single localhost silo (the embedded engine). With
    /// Hongbao:Cluster:Tls on, the silo and gateway ports speak TLS only (<see cref="ClusterTls"/>).
    /// </summary>
    public static ISiloBuilder UseHongbaoClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = new HongbaoClusterOptions();
        configuration.GetSection(HongbaoClusterOptions.Section).Bind(cluster);
        silo.UseHongbaoTls(configuration);
        if (StorageBackends.Selected(configuration) is not IMembershipBackend membership)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        // Hongbao's LAN timings first, then the configuration on top: a key that is set wins, an absent one keeps them.
        silo.Services.Configure<ClusterMembershipOptions>(ClusterTimings.Apply);
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(HongbaoClusterOptions.MembershipSection));
        silo.Services.Configure<SiloMessagingOptions>(configuration.GetSection(HongbaoClusterOptions.MessagingSection));
        silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        membership.AddMembership(silo, configuration);
        return silo;
    }
}
