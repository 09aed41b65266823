using Hongbao.Cluster.Tests.Infrastructure;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>A membership row as AdoNetClusteringTable sends it (SiloStatus: Joining 2, Active 3, Dead 6).</summary>
public sealed record Member(string DeploymentId, string Address, int Port, int Generation, int Status, int ProxyPort, DateTime StartTime, DateTime IAmAliveTime)
{
    public const int Joining = 2;
    public const int Active = 3;
    public const int Dead = 6;

    /// <summary>Millisecond times in UTC: the provider's DateTime values survive a timestamptz round trip exactly at this precision.</summary>
    public static Member Create(string deploymentId, int port, int status = Active, int proxyPort = 30000, DateTime? aliveAt = null)
    {
        var now = DateTime.UnixEpoch.AddMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return new(deploymentId, "127.0.0.1", port, Generation: 154591023 + port, status, proxyPort, now.AddMinutes(-1), aliveAt ?? now);
    }

    public Arg[] Key() =>
    [
        Arg.Text("DeploymentId", DeploymentId),
        Arg.Ansi("Address", Address),
        Arg.Int("Port", Port),
        Arg.Int("Generation", Generation),
    ];

    public Arg[] Insert(int tableVersion) =>
    [
        .. Key(),
        Arg.Text("SiloName", "silo-" + Port),
        Arg.Text("HostName", "host-" + Port),
        Arg.Int("Status", Status),
        Arg.Int("ProxyPort", ProxyPort),
        Arg.Time("StartTime", StartTime),
        Arg.Time("IAmAliveTime", IAmAliveTime),
        Arg.Int("Version", tableVersion),
    ];

    public Arg[] Update(int tableVersion, int status, string? suspectTimes, DateTime iAmAliveTime) =>
    [
        .. Key(),
        Arg.Int("Status", status),
        Arg.Text("SuspectTimes", suspectTimes),
        Arg.Time("IAmAliveTime", iAmAliveTime),
        Arg.Int("Version", tableVersion),
    ];

    public Arg[] Heartbeat(DateTime iAmAliveTime) => [.. Key(), Arg.Time("IAmAliveTime", iAmAliveTime)];
}
