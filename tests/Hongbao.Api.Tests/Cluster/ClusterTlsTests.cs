using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hongbao.Api.Tests.Cluster;

/// <summary>
/// With Hongbao:Cluster:Tls on, a silo talks only to nodes that hold the cluster's certificate: a client without it
/// (plain TCP, or TLS with a certificate of its own) cannot call a grain. Everything stays on loopback.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RefusedDeadline = TimeSpan.FromSeconds(8);

    private readonly string folder = Directory.CreateTempSubdirectory("hongbao-tls-tests-").FullName;

    [Fact]
    public async Task Only_a_client_with_the_cluster_certificate_can_call_a_grain()
    {
        var cancel = TestContext.Current.CancellationToken;
        var clusterCertificate = WriteSelfSignedCertificate("cluster");
        var ports = FreePorts.Take(2);
        var siloSettings = Settings(ports, clusterCertificate);
        using var silo = Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(siloSettings))
            .UseOrleans((context, silo) => silo.UseHongbaoClustering(context.Configuration))
            .Build();
        await silo.StartAsync(cancel);
        try
        {
            // Refused at the handshake, so the client gives up connecting: any failure within the deadline is the answer.
            await Assert.ThrowsAnyAsync<Exception>(() => CallAsync(ports[1], Settings(ports, certificatePath: null), RefusedDeadline, cancel));
            await Assert.ThrowsAnyAsync<Exception>(() => CallAsync(ports[1], Settings(ports, WriteSelfSignedCertificate("stranger")), RefusedDeadline, cancel));
            Assert.NotEmpty(await CallAsync(ports[1], Settings(ports, clusterCertificate), CallDeadline, cancel));
        }
        finally
        {
            await silo.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Connects a client with these settings and asks the silo for its hosts, within a deadline.</summary>
    private static async Task<Dictionary<SiloAddress, SiloStatus>> CallAsync(int gatewayPort, Dictionary<string, string?> settings, TimeSpan within, CancellationToken cancel)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var client = Host.CreateDefaultBuilder()
            .UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: "hongbao", clusterId: "hongbao").UseHongbaoTls(configuration))
            .Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(within);
        try
        {
            await client.StartAsync(deadline.Token);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            return await grains.GetGrain<IManagementGrain>(0).GetHosts().WaitAsync(deadline.Token);
        }
        finally
        {
            await client.StopAsync(CancellationToken.None);
        }
    }

    private static Dictionary<string, string?> Settings(int[] ports, string? certificatePath) => new()
    {
        ["Hongbao:Cluster:SiloPort"] = ports[0].ToString(),
        ["Hongbao:Cluster:GatewayPort"] = ports[1].ToString(),
        ["Hongbao:Cluster:Tls:Enabled"] = (certificatePath is not null).ToString(),
        ["Hongbao:Cluster:Tls:CertificatePath"] = certificatePath,
    };

    /// <summary>A self-signed certificate with its key, as PKCS#12 without a password, like an operator would mount.</summary>
    private string WriteSelfSignedCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=hongbao-{name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        return path;
    }
}
