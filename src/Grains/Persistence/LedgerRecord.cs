namespace Hongbao.Grains.Persistence;

/// <summary>
/// A ledger row: the entry, the operation that made it (unique per wallet, for good), and the request's
/// fingerprint, so a replayed key can be told from a reused one however long ago it was applied.
/// </summary>
public sealed record LedgerRecord(LedgerEntry Entry, string OperationId, string Fingerprint);
