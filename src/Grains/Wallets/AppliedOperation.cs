namespace Hongbao.Grains.Wallets;

/// <summary>
/// Remembers an applied operation: the request's fingerprint (to reject a reused key) and what to
/// answer on a replay (the balance after a deposit, or the envelope id of a create).
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.applied-operation")]
public sealed record AppliedOperation(
    [property: Id(0)] string Fingerprint,
    [property: Id(1)] long BalanceAfterFen,
    [property: Id(2)] string? EnvelopeId);
