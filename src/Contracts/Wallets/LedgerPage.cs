namespace Hongbao.Contracts.Wallets;

/// <summary>Entries newest first; <see cref="NextBefore"/> is the cursor of the next page, or null at the end.</summary>
[GenerateSerializer, Immutable, Alias("hongbao.ledger-page")]
public sealed record LedgerPage(
    [property: Id(0)] ImmutableList<LedgerEntry> Entries,
    [property: Id(1)] long? NextBefore);
