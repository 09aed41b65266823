namespace Hongbao.Api.Tests.Infrastructure;

// The client's view of the contract (docs/api.md), kept apart from the API's own types on purpose.
public sealed record WireEnvelope(
    string Id, string Kind, string SenderId, string? Greeting, long TotalAmount, int Shares, long RemainingAmount, int RemainingShares,
    string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, List<WireGrabEntry> Grabs, WireBestLuck? BestLuck);

public sealed record WireGrabEntry(string UserId, long Amount, DateTimeOffset GrabbedAt);

public sealed record WireBestLuck(string UserId, long Amount);

public sealed record WireGrab(string EnvelopeId, string UserId, long Amount, string Outcome, DateTimeOffset GrabbedAt);

public sealed record WireWallet(string UserId, long Balance);

public sealed record WireLedger(List<WireLedgerEntry> Entries, string? Next);

public sealed record WireLedgerEntry(string Kind, long Amount, string? EnvelopeId, DateTimeOffset At, long BalanceAfter);

public sealed record WireToken(string AccessToken, string TokenType, long ExpiresIn);
