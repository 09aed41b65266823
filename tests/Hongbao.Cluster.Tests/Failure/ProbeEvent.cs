namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// One request of <see cref="SteadyTraffic"/> as the client saw it: what it aimed at (an envelope id, or a wallet for a
/// deposit), when it was sent and answered, the HTTP status (0 when no answer arrived) and the problem code.
/// </summary>
public sealed record ProbeEvent(string Target, DateTime SentAt, DateTime AnsweredAt, int Status, string? Code)
{
    public bool Answered => Status is >= 200 and < 300;

    /// <summary>An answer a client may retry: 503 with Retry-After is the engine's promise that nothing was acknowledged.</summary>
    public bool Unavailable => Status == 503;

    /// <summary>Anything a client cannot act on: a 500, another 5xx, or no answer at all.</summary>
    public bool Broken => Status == 0 || (Status >= 500 && Status != 503);
}
