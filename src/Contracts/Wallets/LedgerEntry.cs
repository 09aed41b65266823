namespace Hongbao.Contracts.Wallets;

/// <summary>One balance change. <see cref="Sequence"/> rises by one per entry and is the paging cursor.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.ledger-entry")]
public sealed record LedgerEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] LedgerEntryKind Kind,
    [property: Id(2)] long AmountFen,
    [property: Id(3)] string? EnvelopeId,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] long BalanceAfterFen);
