namespace Hongbao.Grains.Persistence;

/// <summary>A wallet's balance row. Its ledger lives in rows of its own, read by page.</summary>
public sealed record StoredWallet(
    long Version,
    long BalanceFen,
    long DepositedFen,
    long LedgerSequence,
    ImmutableList<EnvelopeOpening> Outbox);
