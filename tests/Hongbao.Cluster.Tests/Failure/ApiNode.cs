namespace Hongbao.Cluster.Tests.Failure;

/// <summary>An API node process in Cluster mode and an HTTP client for it.</summary>
public sealed record ApiNode(NodeProcess Process, ApiClient Client);
