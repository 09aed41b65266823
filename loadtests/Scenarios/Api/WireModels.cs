namespace Hongbao.LoadTests.Scenarios.Api;

// Wire shapes of the HTTP contract (docs/api.md), camelCase on the wire; money is long fen.

public sealed record TokenView(string AccessToken, string TokenType, int ExpiresIn);

public sealed record TokenRequest(string UserId, IReadOnlyList<string>? Roles);

public sealed record DepositRequest(long Amount);

public sealed record CreateEnvelopeRequest(
    string Kind, long? TotalAmount, long? AmountPerShare, int Shares, string? Greeting = null,
    IReadOnlyList<string>? Audience = null, int? TtlSeconds = null);

public sealed record GrabEntry(string UserId, long Amount, DateTimeOffset GrabbedAt);

public sealed record BestLuck(string UserId, long Amount);

public sealed record EnvelopeView(
    string Id, string Kind, string SenderId, string? Greeting, long TotalAmount, int Shares,
    long RemainingAmount, int RemainingShares, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    IReadOnlyList<GrabEntry>? Grabs, BestLuck? BestLuck);

/// <summary>A page of <c>GET /envelopes/{id}/grabs</c>, in grab order; <see cref="Next"/> is the next page's cursor.</summary>
public sealed record GrabPageView(IReadOnlyList<GrabEntry> Grabs, string? Next);

public sealed record GrabView(string EnvelopeId, string UserId, long Amount, string Outcome, DateTimeOffset GrabbedAt);

public sealed record WalletView(string UserId, long Balance);

public sealed record LedgerEntry(string Kind, long Amount, string? EnvelopeId, DateTimeOffset At, long BalanceAfter);

public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, string? Next);

public sealed record ProblemView(string? Title, int? Status, string? Code, string? Detail);
