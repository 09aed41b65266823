using System.Globalization;
using System.Security.Cryptography;
using Hongbao.Contracts.Common;
using Hongbao.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// A production-shaped cluster for one failure test, started as scripts/cluster.sh starts one: silo and API
/// processes on loopback ports, meeting through one PostgreSQL database. Every process it starts is killed
/// when it is disposed, whatever the test did.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int SiloActive = 3;

    /// <summary>Generated per run, as scripts/cluster.sh does; tokens from any API node are valid on all.</summary>
    private static readonly string SigningKey = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 48);

    private readonly List<NodeProcess> started = [];
    private readonly List<SiloNode> silos = [];
    private readonly List<ApiNode> apis = [];
    private readonly List<IHost> clients = [];
    private readonly Dictionary<string, string?> settings;
    private readonly string clusterId = "failure-" + Guid.NewGuid().ToString("N")[..12];

    /// <param name="connectionString">The cluster's own database.</param>
    /// <param name="extraSettings">More configuration for every node (keys with ':').</param>
    public ProcessCluster(string connectionString, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        // Bounded like a production pool: several silos must fit within the server's max_connections.
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 40 }.ConnectionString;
        settings = new Dictionary<string, string?>
        {
            ["Hongbao:Storage:Provider"] = "Postgres",
            ["Hongbao:Storage:Postgres:ConnectionString"] = ConnectionString,
            ["Hongbao:Cluster:ServiceId"] = clusterId,
            ["Hongbao:Cluster:ClusterId"] = clusterId,
            // Membership, gateway and grain-call timings are the shipped ones (ClusterTimings), which the
            // failure tests are there to measure.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    /// <summary>Silos started and not killed.</summary>
    public IReadOnlyList<SiloNode> Silos => silos;

    /// <summary>API nodes started and not killed.</summary>
    public IReadOnlyList<ApiNode> Apis => apis;

    public async Task StartAsync(int siloCount, int apiCount)
    {
        await Task.WhenAll(Enumerable.Range(0, siloCount).Select(_ => StartSiloAsync()));
        await Task.WhenAll(Enumerable.Range(0, apiCount).Select(_ => StartApiAsync()));
    }

    /// <summary>Starts a silo (on the given ports, as a restart would, or on free ones) and waits until it is active in the membership table.</summary>
    public async Task<SiloNode> StartSiloAsync(int? siloPort = null, int? gatewayPort = null)
    {
        var ports = (Silo: siloPort ?? FreePort.Next(), Gateway: gatewayPort ?? FreePort.Next());
        var environment = Environment(new Dictionary<string, string?>
        {
            ["Hongbao:Cluster:SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["Hongbao:Cluster:GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        });
        // The membership row of an earlier silo on the same port (a restart) must not count: only a newer start does.
        var since = DateTime.UtcNow.AddSeconds(-1);
        var process = Track(NodeProcess.Start($"silo:{ports.Silo}", BuildOutput.SiloDirectory, "Hongbao.Silo.dll", environment));
        var silo = new SiloNode(process, ports.Silo, ports.Gateway);
        await WaitAsync(process, () => IsActiveAsync(ports.Silo, since), "to become active in the membership table");
        lock (silos)
        {
            silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Starts an API node in Cluster mode and waits until /health/ready answers 200.</summary>
    public async Task<ApiNode> StartApiAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = Environment(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Hongbao:Hosting:Mode"] = "Cluster",
            ["Hongbao:Auth:SigningKey"] = SigningKey,
            ["Hongbao:Auth:DevTokensInCluster"] = "true",
            ["Hongbao:RateLimits:Enabled"] = "false",
        });
        var api = new ApiNode(Track(NodeProcess.Start($"api:{url}", BuildOutput.ApiDirectory, "Hongbao.Api.dll", environment, "--urls", url)), ApiClient.For(url));
        using var probe = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        await WaitAsync(api.Process, () => IsReadyAsync(probe), "to answer /health/ready");
        lock (apis)
        {
            apis.Add(api);
        }

        return api;
    }

    public async Task KillAsync(SiloNode silo)
    {
        await silo.Process.KillAsync();
        lock (silos)
        {
            silos.Remove(silo);
        }
    }

    public async Task KillAsync(ApiNode api)
    {
        await api.Process.KillAsync();
        lock (apis)
        {
            apis.Remove(api);
        }

        api.Client.Dispose();
    }

    /// <summary>A test-side Orleans client of the cluster (as the API nodes are), for audits the HTTP API does not offer.</summary>
    public async Task<IClusterClient> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleansClient(client => client.UseHongbaoCluster(builder.Configuration));
        var host = builder.Build();
        clients.Add(host);
        await host.StartAsync();
        return host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The silo process where the envelope is active, found through Orleans' management grain.</summary>
    public async Task<SiloNode> HostOfAsync(IClusterClient grains, string envelopeId) =>
        await FindHostAsync(grains, envelopeId)
            ?? throw new InvalidOperationException($"The envelope {envelopeId} is not active on any of the silos started.");

    /// <summary>
    /// The silo process where the grain directory says the envelope is active, or null: the directory may know no
    /// activation (none yet, or its entry is moving to a silo that just joined), or one on a silo no longer running.
    /// </summary>
    public async Task<SiloNode?> FindHostAsync(IClusterClient grains, string envelopeId)
    {
        var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.Envelope(envelopeId));
        return address is null ? null : Silos.SingleOrDefault(s => s.SiloPort == address.Endpoint.Port);
    }

    /// <summary>The newest membership row of a silo: its status (3 active, 6 dead) and the suspicion votes cast against it.</summary>
    public async Task<(int Status, string? SuspectTimes)> MembershipOfAsync(SiloNode silo)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT status, suspect_times FROM hongbao_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1");
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("port", silo.SiloPort);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"{silo.Process.Name} has no membership row.");
        }

        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    /// <summary>Runs a test scenario; if it fails, the last output of every node it started goes to the test output.</summary>
    public async Task RunAsync(ITestOutputHelper output, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            foreach (var node in started)
            {
                output.WriteLine($"--- {node.Name} (last output) ---\n{node.LogTail}");
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            // A client of a dead cluster may wait for its gateways; it is test scaffolding, so do not wait long.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.StopAsync(stop.Token);
            client.Dispose();
        }

        await Task.WhenAll(started.Select(node => node.DisposeAsync().AsTask()));
        foreach (var api in apis)
        {
            api.Client.Dispose();
        }
    }

    private NodeProcess Track(NodeProcess node)
    {
        lock (started)
        {
            started.Add(node);
        }

        return node;
    }

    /// <summary>Environment variables as scripts/cluster.sh sets them: configuration keys with "__" for ':'.</summary>
    private Dictionary<string, string?> Environment(Dictionary<string, string?> own) =>
        settings.Concat(own).ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value);

    private static async Task WaitAsync(NodeProcess node, Func<Task<bool>> ready, string what)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await ready())
        {
            if (node.HasExited)
            {
                throw new InvalidOperationException($"{node.Name} exited before it was ready:\n{node.LogTail}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{node.Name} did not manage {what} within {StartTimeout}:\n{node.LogTail}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<bool> IsActiveAsync(int siloPort, DateTime since)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT count(*) FROM hongbao_membership WHERE deployment_id = @cluster AND port = @port AND status = @active AND start_time >= @since");
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("port", siloPort);
            command.Parameters.AddWithValue("active", SiloActive);
            command.Parameters.AddWithValue("since", since);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false; // the first silo has not applied the schema yet
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient probe)
    {
        try
        {
            using var response = await probe.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
