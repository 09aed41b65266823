namespace Hongbao.Cluster.Tests.Failure;

/// <summary>A silo process and the loopback ports it listens on (a restarted silo may take the same ports again).</summary>
public sealed record SiloNode(NodeProcess Process, int SiloPort, int GatewayPort);
