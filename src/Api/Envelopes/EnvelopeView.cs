using Hongbao.Contracts.Envelopes;

namespace Hongbao.Api.Envelopes;

/// <summary>An envelope on the wire (docs/api.md); amounts in fen.</summary>
public sealed record EnvelopeView(
    string Id,
    EnvelopeKind Kind,
    string SenderId,
    string? Greeting,
    long TotalAmount,
    int Shares,
    long RemainingAmount,
    int RemainingShares,
    EnvelopeStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<GrabEntryView> Grabs,
    BestLuckView? BestLuck)
{
    public static EnvelopeView From(EnvelopeDetails d) => new(
        d.EnvelopeId, d.Kind, d.SenderId, d.Greeting, d.TotalFen, d.Shares, d.RemainingFen, d.RemainingShares, d.Status,
        d.CreatedAt, d.ExpiresAt, d.Grabs.Select(GrabEntryView.From).ToList(), d.BestLuck is { } best ? BestLuckView.From(best) : null);
}
