using Hongbao.Storage.Backends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Hongbao.Hosting;

public static class HongbaoClientExtensions
{
    /// <summary>How long a client keeps trying to reach a cluster that is still starting before it gives up.</summary>
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Makes this process an Orleans client of a cluster: it finds the silos' gateways in the storage backend's
    /// membership table, and keeps retrying while the cluster (or its schema) is not there yet.
    /// </summary>
    public static IClientBuilder UseHongbaoCluster(this IClientBuilder client, IConfiguration configuration)
    {
        if (StorageBackends.Selected(configuration) is not IMembershipBackend membership)
        {
            throw new InvalidOperationException(
                "A cluster client finds its silos in the storage backend's membership table: set Hongbao:Storage:Provider to a backend that keeps one "
                + $"({string.Join(", ", StorageBackends.Known.OfType<IMembershipBackend>().Select(b => b.Name))}) and its connection settings.");
        }

        var cluster = new HongbaoClusterOptions();
        configuration.GetSection(HongbaoClusterOptions.Section).Bind(cluster);
        client.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        // Hongbao's LAN timings first, then the configuration on top: a key that is set wins, an absent one keeps them.
        client.Services.Configure<ClientMessagingOptions>(ClusterTimings.Apply);
        client.Services.Configure<ClientMessagingOptions>(configuration.GetSection(HongbaoClusterOptions.MessagingSection));
        client.Services.Configure<GatewayOptions>(ClusterTimings.Apply);
        client.Services.Configure<GatewayOptions>(configuration.GetSection(HongbaoClusterOptions.GatewaySection));
        membership.AddMembership(client, configuration);
        client.UseHongbaoTls(configuration);

        var giveUpAt = DateTime.UtcNow + ConnectPatience;
        return client.UseConnectionRetryFilter(async (error, cancellationToken) =>
        {
            if (DateTime.UtcNow > giveUpAt)
            {
                return false;
            }

            Console.Error.WriteLine($"Cluster not reachable yet ({error.GetType().Name}: {error.Message}); retrying.");
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
    }
}
