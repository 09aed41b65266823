using System.ComponentModel.DataAnnotations;

namespace Hongbao.Api.Hosting;

/// <summary>How the API reaches the engine, bound from "Hongbao:Hosting".</summary>
public sealed class HostingOptions : IValidatableObject
{
    public const string Section = "Hongbao:Hosting";

    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    /// <summary>Silo-to-silo port of the embedded silo.</summary>
    /// <summary>Where Kestrel listens unless --urls, ASPNETCORE_URLS or a Kestrel endpoint says otherwise.</summary>
    [Required, Url] public string DefaultUrl { get; set; } = "http://127.0.0.1:5080";

    [Range(1, 65_535)] public int SiloPort { get; set; } = 11_111;

    /// <summary>Client gateway port of the embedded silo.</summary>
    [Range(1, 65_535)] public int GatewayPort { get; set; } = 30_000;

    [Required] public string ClusterId { get; set; } = "dev";

    [Required] public string ServiceId { get; set; } = "dev";

    /// <summary>Cluster mode: the silos' gateway endpoints as "host:port".</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>Largest request body accepted; larger ones get 413 before they are read.</summary>
    [Range(1_024, 1_048_576)] public int RequestBodyBytesMax { get; set; } = 16_384;

    /// <summary>Largest total size of request headers (Kestrel answers 431 beyond it).</summary>
    [Range(4_096, 65_536)] public int RequestHeadersBytesMax { get; set; } = 16_384;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == HostingMode.Cluster && Gateways.Count == 0)
        {
            yield return new ValidationResult(
                "Hongbao:Hosting:Mode is Cluster but no Hongbao:Hosting:Gateways are configured (e.g. Hongbao__Hosting__Gateways__0=10.0.0.5:30000).",
                [nameof(Gateways)]);
        }

        foreach (var gateway in Gateways.Where(g => !System.Net.IPEndPoint.TryParse(g, out var endpoint) || endpoint.Port == 0))
        {
            yield return new ValidationResult($"Hongbao:Hosting:Gateways entry '{gateway}' is not an IP endpoint 'address:port'.", [nameof(Gateways)]);
        }
    }
}
