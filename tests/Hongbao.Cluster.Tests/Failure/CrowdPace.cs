namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// How a crowd grabs: at most <see cref="Concurrency"/> users at once, new users arriving at most
/// <see cref="UsersPerSecond"/> (so the load lasts long enough to span a fault), and each user retrying a failed grab
/// with the same user id at most <see cref="MaxAttempts"/> times.
/// </summary>
public sealed record CrowdPace(int Concurrency, double UsersPerSecond, int MaxAttempts = 60)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RetryDelayMax = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The wait before a retry doubles from <see cref="FirstRetryDelay"/> up to the 1 s the API's Retry-After asks
    /// for, as a well-behaved client backs off; hundreds of users retrying at once would otherwise slow the recovery
    /// they wait for.
    /// </summary>
    public TimeSpan RetryDelay(int failedAttempts) =>
        TimeSpan.FromMilliseconds(Math.Min(FirstRetryDelay.TotalMilliseconds * Math.Pow(2, failedAttempts - 1), RetryDelayMax.TotalMilliseconds)
            + Random.Shared.Next(100));
}
