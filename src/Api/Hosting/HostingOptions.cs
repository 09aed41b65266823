using System.ComponentModel.DataAnnotations;

namespace Hongbao.Api.Hosting;

/// <summary>How the API reaches the engine, bound from "Hongbao:Hosting".</summary>
public sealed class HostingOptions
{
    public const string Section = "Hongbao:Hosting";

    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    /// <summary>Where Kestrel listens unless --urls, ASPNETCORE_URLS or a Kestrel endpoint says otherwise.</summary>
    [Required, Url] public string DefaultUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Largest request body accepted; larger ones get 413 before they are read.</summary>
    [Range(1_024, 1_048_576)] public int RequestBodyBytesMax { get; set; } = 16_384;

    /// <summary>Largest total size of request headers (Kestrel answers 431 beyond it).</summary>
    [Range(4_096, 65_536)] public int RequestHeadersBytesMax { get; set; } = 16_384;

    /// <summary>/docs and /openapi/v1.json. Unset: served in Development only, since they map the whole attack surface.</summary>
    public bool? ApiDocs { get; set; }

    /// <summary>
    /// Outside Development, /metrics answers admins only, unless this is set: then it answers anyone, but only on
    /// connections to this local port (a management port, also listed in ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS,
    /// that the network exposes to the scraper alone).
    /// </summary>
    [Range(1, 65_535)] public int? MetricsPort { get; set; }
}
