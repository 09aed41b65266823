namespace Hongbao.Grains.Persistence;

/// <summary>
/// A credit to a wallet whose row the grain has not read: the database adds <see cref="AmountFen"/> to the stored
/// balance (creating the row if there is none) and appends the ledger entry with the sequence and balance-after it
/// computes, unless the operation id is in the ledger already. No version to check, so no read is needed first.
/// </summary>
public sealed record WalletCreditWrite(
    string WalletKey,
    LedgerEntryKind Kind,
    long AmountFen,
    string EnvelopeId,
    DateTimeOffset At,
    string OperationId,
    string Fingerprint);
