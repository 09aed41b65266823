using Hongbao.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Hongbao.Cluster.Tests.Infrastructure;

/// <summary>
/// A one-silo in-process test cluster running the production engine (<c>AddHongbaoEngine</c>) on PostgreSQL.
/// The test cluster brings its own membership; grain state and reminders go to the given database.
/// </summary>
public static class PostgresEngine
{
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, string serviceId)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hongbao:Storage:Provider"] = "Postgres",
                ["Hongbao:Storage:Postgres:ConnectionString"] = connectionString,
            })
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo.AddHongbaoEngine(configuration));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
