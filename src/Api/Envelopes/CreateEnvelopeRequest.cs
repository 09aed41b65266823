using System.Collections.Immutable;
using Hongbao.Contracts.Envelopes;
using Hongbao.Grains.Envelopes.Kinds;

namespace Hongbao.Api.Envelopes;

/// <summary>
/// The body of POST /envelopes. Every member is optional in the type so that a missing one is a
/// validation error naming the field, not an unreadable body.
/// </summary>
public sealed record CreateEnvelopeRequest(
    EnvelopeKind? Kind,
    long? TotalAmount,
    long? AmountPerShare,
    int? Shares,
    string? Greeting,
    ImmutableArray<string>? Audience,
    int? TtlSeconds)
{
    public EnvelopeSpec ToSpec() =>
        new(Kind.GetValueOrDefault(), TotalAmount, AmountPerShare, Shares.GetValueOrDefault(), Greeting, Audience ?? [], TtlSeconds);

    /// <summary>The checks the engine's validator cannot make because its spec has no "missing".</summary>
    public Dictionary<string, string[]> MissingFields()
    {
        var errors = new Dictionary<string, string[]>();
        if (Kind is null)
        {
            errors["kind"] = [$"kind is required: {string.Join(" or ", EnvelopeKinds.All.Select(k => $"\"{k.WireName}\""))}."];
        }

        if (Shares is null)
        {
            errors["shares"] = ["shares is required."];
        }

        if (Audience is { } audience && audience.Any(id => id is null))
        {
            errors["audience"] = ["audience entries must be user ids, not null."];
        }

        return errors;
    }
}
