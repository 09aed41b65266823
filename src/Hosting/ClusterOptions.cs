using System.ComponentModel.DataAnnotations;

namespace Hongbao.Hosting;

/// <summary>How a silo joins its cluster, bound from "Hongbao:Cluster".</summary>
public sealed class HongbaoClusterOptions
{
    public const string Section = "Hongbao:Cluster";

    /// <summary>
    /// Orleans' own <c>ClusterMembershipOptions</c> (ProbeTimeout, NumMissedProbesLimit, NumVotesForDeathDeclaration,
    /// DeathVoteExpirationTimeout, IAmAliveTablePublishTimeout, ...), bound as they are named. Absent keys keep
    /// Orleans' defaults, which suit production; failure tests shorten them so that a killed silo is declared dead
    /// in seconds rather than tens of seconds.
    /// </summary>
    public const string MembershipSection = Section + ":Membership";

    /// <summary>
    /// Orleans' messaging options (<c>ResponseTimeout</c>: how long a grain call may wait for its answer), for
    /// silos and clients alike. Absent keys keep Orleans' defaults (30 s).
    /// </summary>
    public const string MessagingSection = Section + ":Messaging";

    /// <summary>
    /// Orleans' client <c>GatewayOptions</c> (<c>GatewayListRefreshPeriod</c>: how soon a client sees a gateway
    /// that joined). Absent keys keep Orleans' defaults (one minute).
    /// </summary>
    public const string GatewaySection = Section + ":Gateway";

    /// <summary>Names the stored state: every node of one deployment, and every restart of it, uses the same.</summary>
    [Required] public string ServiceId { get; set; } = "hongbao";

    /// <summary>Names the membership: silos with the same id form one cluster.</summary>
    [Required] public string ClusterId { get; set; } = "hongbao";

    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients use to reach this one.</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
