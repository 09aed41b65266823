namespace Hongbao.Contracts.Envelopes;

/// <summary>What the sender's wallet sends to open a funded envelope; opening is idempotent.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.envelope-opening")]
public sealed record EnvelopeOpening(
    [property: Id(0)] string EnvelopeId,
    [property: Id(1)] string SenderId,
    [property: Id(2)] EnvelopeSpec Spec,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt);
