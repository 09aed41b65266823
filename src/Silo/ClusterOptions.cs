using System.ComponentModel.DataAnnotations;

namespace Hongbao.Silo;

/// <summary>How a silo joins its cluster, bound from "Hongbao:Cluster".</summary>
public sealed class HongbaoClusterOptions
{
    public const string Section = "Hongbao:Cluster";

    /// <summary>Names the stored state: every node of one deployment, and every restart of it, uses the same.</summary>
    [Required] public string ServiceId { get; set; } = "hongbao";

    /// <summary>Names the membership: silos with the same id form one cluster.</summary>
    [Required] public string ClusterId { get; set; } = "hongbao";

    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients use to reach this one.</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
