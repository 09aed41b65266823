namespace Hongbao.Contracts.Envelopes;

/// <summary>One share taken by one user.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.grab")]
public sealed record Grab(
    [property: Id(0)] string UserId,
    [property: Id(1)] long AmountFen,
    [property: Id(2)] DateTimeOffset GrabbedAt);
