using Hongbao.Cluster.Tests.Infrastructure;
using Hongbao.Contracts.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;

namespace Hongbao.Cluster.Tests.Silo;

/// <summary>
/// Two silos and an external client meet only through PostgreSQL: the silos through the ADO.NET membership table,
/// the client through its gateway list.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class MultiSiloClusterTests(PostgresServer server)
{
    private const int Active = 3;
    private const int Dead = 6;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Silos_join_through_the_membership_table_and_a_client_calls_grains_through_the_gateway_list()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var serviceId = "hongbao-" + Guid.NewGuid().ToString("N");
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N");
        using var first = await StandaloneSilo.StartAsync(connectionString, serviceId, clusterId);
        using var second = await StandaloneSilo.StartAsync(connectionString, serviceId, clusterId);
        await Eventually.ReturnsAsync(() => CountMembersAsync(connectionString, clusterId, Active), n => n == 2, Deadline, "two active silos");

        using var client = await StartClientAsync(connectionString, serviceId, clusterId);
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        var users = Enumerable.Range(0, 20).Select(i => "user" + i).ToList();
        await Task.WhenAll(users.Select(u => grains.Wallet(u).DepositAsync(10, "k1")));

        await second.StopAsync(TestContext.Current.CancellationToken);
        await Eventually.ReturnsAsync(() => CountMembersAsync(connectionString, clusterId, Dead), n => n == 1, Deadline, "the stopped silo marked dead");

        // Wallets that lived on the stopped silo reactivate on the survivor from their stored state.
        var balances = await Task.WhenAll(users.Select(u => grains.Wallet(u).GetBalanceAsync()));
        Assert.All(balances, b => Assert.Equal(10, b.BalanceFen));
        await client.StopAsync(TestContext.Current.CancellationToken);
        await first.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<IHost> StartClientAsync(string connectionString, string serviceId, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(options =>
            {
                options.ServiceId = serviceId;
                options.ClusterId = clusterId;
            })
            .UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<long> CountMembersAsync(string connectionString, string clusterId, int status)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM hongbao_membership WHERE deployment_id = @cluster AND status = @status");
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("status", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
