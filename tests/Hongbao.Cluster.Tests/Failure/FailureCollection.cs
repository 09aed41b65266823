namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// The failure tests that put a cluster under load run one at a time: each starts several silo and API processes,
/// and on two cores two of them side by side would stretch the timings they measure. Each test class brings its
/// own PostgreSQL.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FailureCollection
{
    public const string Name = "failure-under-load";
}

/// <summary>
/// The cluster-restart test spends most of its time waiting for a reminder tick with little load, so it runs in its
/// own collection, beside the others, instead of adding its minute to theirs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RestartCollection
{
    public const string Name = "failure-restart";
}
