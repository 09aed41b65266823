namespace Hongbao.Grains.Persistence;

/// <summary>
/// One wallet change: the new balance row and the ledger entries it appends. It commits only if the row is still
/// at <see cref="ExpectedVersion"/> (null: never written) and no entry's operation id was applied before.
/// </summary>
public sealed record WalletWrite(
    string WalletKey,
    long? ExpectedVersion,
    long BalanceFen,
    long DepositedFen,
    long LedgerSequence,
    ImmutableList<EnvelopeOpening> Outbox,
    ImmutableList<LedgerRecord> NewEntries);
