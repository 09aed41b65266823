namespace Hongbao.Grains.Persistence;

/// <summary>Where wallets are stored: a versioned balance row and an append-only ledger, unique on (wallet, operation id).</summary>
public interface IWalletRows
{
    /// <summary>The balance row, or null for a wallet that was never written.</summary>
    Task<StoredWallet?> ReadAsync(string walletKey);

    /// <summary>
    /// Completes once the transaction holding the change has committed, or with the reason it could not apply
    /// (nothing of it was written then); throws if the transaction failed.
    /// </summary>
    Task<RowWriteOutcome> WriteAsync(WalletWrite write);

    /// <summary>
    /// Adds a credit to the stored balance without a prior read: <see cref="RowWriteOutcome.Committed"/>, or
    /// <see cref="RowWriteOutcome.DuplicateOperation"/> if the operation was applied before (nothing was written then).
    /// </summary>
    Task<RowWriteOutcome> CreditAsync(WalletCreditWrite credit);

    /// <summary>The ledger row of an operation, if it was ever applied.</summary>
    Task<LedgerRecord?> FindOperationAsync(string walletKey, string operationId);

    /// <summary>Up to <paramref name="count"/> entries older than <paramref name="beforeSequence"/> (all when null), newest first.</summary>
    Task<ImmutableList<LedgerEntry>> ReadLedgerAsync(string walletKey, long? beforeSequence, int count);
}
