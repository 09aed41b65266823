namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// How one user's grab ended: <see cref="Final"/> is the answer that ended its retries (a share, exhausted, a
/// refusal, or the last failure when it gave up), after <see cref="Attempts"/> requests.
/// </summary>
public sealed record UserResult(CrowdUser User, GrabReply Final, int Attempts)
{
    public bool Acknowledged => Final.Acknowledged;
}
