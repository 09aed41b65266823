namespace Hongbao.Contracts.Envelopes;

/// <summary>
/// The durable view of an envelope: only acknowledged grabs appear. <see cref="HeldFen"/> is the money
/// the envelope still holds (unclaimed and not refunded, plus granted but not yet credited).
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.envelope-details")]
public sealed record EnvelopeDetails(
    [property: Id(0)] string EnvelopeId,
    [property: Id(1)] EnvelopeKind Kind,
    [property: Id(2)] string SenderId,
    [property: Id(3)] string? Greeting,
    [property: Id(4)] long TotalFen,
    [property: Id(5)] int Shares,
    [property: Id(6)] long RemainingFen,
    [property: Id(7)] int RemainingShares,
    [property: Id(8)] EnvelopeStatus Status,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset ExpiresAt,
    [property: Id(11)] ImmutableList<Grab> Grabs,
    [property: Id(12)] Grab? BestLuck,
    [property: Id(13)] long HeldFen,
    [property: Id(14)] int CreditedShares,
    [property: Id(15)] long RefundedFen);
