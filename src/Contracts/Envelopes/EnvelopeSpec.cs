namespace Hongbao.Contracts.Envelopes;

/// <summary>
/// What a sender asks for, as received. The engine validates it: each kind says which amount it takes and how.
/// Lucky envelopes give <see cref="TotalAmountFen"/>; fixed ones give <see cref="AmountPerShareFen"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.envelope-spec")]
public sealed record EnvelopeSpec(
    [property: Id(0)] EnvelopeKind Kind,
    [property: Id(1)] long? TotalAmountFen,
    [property: Id(2)] long? AmountPerShareFen,
    [property: Id(3)] int Shares,
    [property: Id(4)] string? Greeting,
    [property: Id(5)] ImmutableArray<string> Audience,
    [property: Id(6)] int? TtlSeconds)
{
    /// <summary>A stable description of the request, to detect an idempotency key reused with another body.</summary>
    public string Fingerprint() =>
        string.Join('|', Kind, TotalAmountFen, AmountPerShareFen, Shares, Greeting, string.Join(',', Audience.IsDefault ? [] : Audience), TtlSeconds);
}
