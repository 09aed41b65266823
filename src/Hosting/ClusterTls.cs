using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Hongbao.Hosting;

/// <summary>
/// TLS on the silo and gateway ports (Hongbao:Cluster:Tls), both ways: every silo and client presents a certificate
/// and accepts only peers whose certificate the cluster trusts. Without it, anyone who reaches those ports can call
/// any grain, with no token.
/// </summary>
public static class ClusterTls
{
    public static ISiloBuilder UseHongbaoTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (ClusterTlsOptions.From(configuration) is { Enabled: true } options)
        {
            var (certificate, trust) = Load(options);
            silo.UseTls(certificate, tls =>
            {
                Configure(tls, trust);
                // Gateway clients (API nodes) must prove they belong to the cluster too, not only silos.
                tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            });
        }

        return silo;
    }

    public static IClientBuilder UseHongbaoTls(this IClientBuilder client, IConfiguration configuration)
    {
        if (ClusterTlsOptions.From(configuration) is { Enabled: true } options)
        {
            var (certificate, trust) = Load(options);
            client.UseTls(certificate, tls => Configure(tls, trust));
        }

        return client;
    }

    private static void Configure(TlsOptions tls, X509Certificate2 trust)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Peers are addressed by pod IPs that no certificate names: trust is the issuing CA (or the one shared
        // certificate), checked on a chain that trusts nothing else, not the host name.
        tls.RemoteCertificateValidation = (certificate, _, _) => IsIssuedBy(certificate, trust);
    }

    private static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 trust)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static (X509Certificate2 Certificate, X509Certificate2 Trust) Load(ClusterTlsOptions options)
    {
        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.Section}:Enabled is true but {ClusterTlsOptions.Section}:CertificatePath is not set: every silo and API node needs the cluster certificate (docs/operations.md, Security).");
        }

        var certificate = options.CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || options.CertificatePath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{options.CertificatePath} has no private key: set {ClusterTlsOptions.Section}:KeyPath, or use a PKCS#12 file with its key.");
        }

        var trust = string.IsNullOrEmpty(options.CaPath) ? certificate : X509CertificateLoader.LoadCertificateFromFile(options.CaPath);
        return (certificate, trust);
    }
}
