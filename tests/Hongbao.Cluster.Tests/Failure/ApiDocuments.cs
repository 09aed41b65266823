namespace Hongbao.Cluster.Tests.Failure;

// The parts of the HTTP contract (docs/api.md) that the failure tests read; amounts in fen.

public sealed record EnvelopeDocument(
    string Id,
    long TotalAmount,
    int Shares,
    long RemainingAmount,
    int RemainingShares,
    string Status,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<GrabEntryDocument> Grabs);

public sealed record GrabEntryDocument(string UserId, long Amount);

public sealed record GrabPageDocument(IReadOnlyList<GrabEntryDocument> Grabs, string? Next);

public sealed record LedgerEntryDocument(string Kind, long Amount, string? EnvelopeId);

/// <summary>
/// What one grab request came back with: the HTTP status (0 when no answer arrived), the problem code of an error,
/// the amount and outcome of a success, and how long it took.
/// </summary>
public sealed record GrabReply(int Status, string? Code, long? Amount, string? Outcome, TimeSpan Latency)
{
    public bool Acknowledged => Status is 200 or 201;

    public bool Exhausted => Status == 409 && Code == "envelope_exhausted";

    /// <summary>A server-side failure or no answer at all: the client retries with the same user.</summary>
    public bool Retryable => Status == 0 || Status >= 500;
}
