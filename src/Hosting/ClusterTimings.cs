using Orleans.Configuration;

namespace Hongbao.Hosting;

/// <summary>
/// Hongbao's defaults for how fast a cluster on one fast network (a LAN, one Kubernetes cluster) notices a dead
/// silo, and how fast its clients stop waiting on one. Orleans' own defaults are sized for slow or shared networks
/// and take 15 s or more to declare a killed silo dead, during which a third of the envelopes refuse grabs.
/// Every value can be overridden under "Hongbao:Cluster:Membership", ":Gateway" and ":Messaging" (docs/operations.md
/// lists them with the measurements that chose them).
/// </summary>
public static class ClusterTimings
{
    /// <summary>
    /// A silo probes its peers once per period, and a probe that gets no answer within it is missed. A LAN round
    /// trip takes well under a millisecond; 2 s leave room for a busy process (1 s and 1.5 s probes raised false
    /// suspicions, or kept a dead silo undeclared, on this shared 2-core machine under heavy load).
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Missed probes in a row before a silo suspects a peer. Two misses need the peer silent for two whole periods
    /// (about 4 s), so a 2 s stop-the-world pause is not mistaken for a death (measured with SIGSTOP in
    /// DeadSiloTests), while a killed silo is suspected 2 to 4 s after it died.
    /// </summary>
    public const int NumMissedProbesLimit = 2;

    /// <summary>Suspicions by different silos needed to declare death: one silo's bad link cannot evict a healthy peer.</summary>
    public const int NumVotesForDeathDeclaration = 2;

    /// <summary>How often a silo re-reads the membership table besides gossip: a missed gossip costs at most this.</summary>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a client re-reads the gateways from the membership table: a silo that joined takes load within
    /// this, and a client whose gateways all died finds the survivors within it.
    /// </summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an API node waits for a grain call (Orleans' default is 30 s). A call caught in flight on a silo that
    /// dies gets no answer: unless the API node releases it when a gateway connection closes (the API's GatewayLoss),
    /// it fails (503, the client retries) after this. Grabs, creates and deposits are idempotent, so a 503 for a call
    /// that did complete is safe.
    /// 3 s was too short: on this loaded 2-core machine the client's own system calls (cluster manifest updates)
    /// timed out and the client never recovered from a silo's death.
    /// </summary>
    public static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(5);

    internal static void Apply(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = ProbeTimeout;
        membership.NumMissedProbesLimit = NumMissedProbesLimit;
        membership.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        membership.TableRefreshTimeout = TableRefreshTimeout;
    }

    internal static void Apply(GatewayOptions gateways) => gateways.GatewayListRefreshPeriod = GatewayListRefreshPeriod;

    internal static void Apply(ClientMessagingOptions messaging) => messaging.ResponseTimeout = ClientResponseTimeout;
}
