using Hongbao.Contracts.Envelopes;

namespace Hongbao.Contracts.Wallets;

/// <summary><see cref="Envelope"/> is set for Created and Replayed; <see cref="Errors"/> for Invalid.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.create-envelope-result")]
public sealed record CreateEnvelopeResult(
    [property: Id(0)] CreateEnvelopeOutcome Outcome,
    [property: Id(1)] EnvelopeDetails? Envelope,
    [property: Id(2)] ImmutableDictionary<string, string[]> Errors)
{
    public static CreateEnvelopeResult Refused(CreateEnvelopeOutcome outcome) => new(outcome, null, ImmutableDictionary<string, string[]>.Empty);
}
