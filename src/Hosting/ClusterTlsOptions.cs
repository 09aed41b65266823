using Microsoft.Extensions.Configuration;

namespace Hongbao.Hosting;

/// <summary>TLS between silos and between API nodes and silos, bound from "Hongbao:Cluster:Tls".</summary>
public sealed class ClusterTlsOptions
{
    public const string Section = HongbaoClusterOptions.Section + ":Tls";

    public bool Enabled { get; set; }

    /// <summary>This node's certificate: PKCS#12 (.pfx, .p12, with its key) or PEM (.pem, .crt, with <see cref="KeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate; unset, the key is read from the certificate file itself.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 certificate, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// The CA certificate that issues every node's certificate: peers are trusted when theirs chains to it. Unset,
    /// every node shares one certificate, and a peer is trusted when it presents that certificate.
    /// </summary>
    public string? CaPath { get; set; }

    public static ClusterTlsOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
}
