using Hongbao.Contracts.Envelopes;
using Orleans.Concurrency;

namespace Hongbao.Contracts.Wallets;

/// <summary>
/// One user's wallet (key: "user:" + user id, see GrainKeys). Every credit and debit is applied exactly once;
/// credits are written beside the grain, straight into its rows.
/// </summary>
[Alias("hongbao.wallet")]
public interface IWalletGrain : IGrainWithStringKey
{
    [Alias("deposit")] Task<DepositResult> DepositAsync(long amountFen, string idempotencyKey);

    /// <summary>Validates, debits and records the envelope in one write, then opens it.</summary>
    [Alias("create-envelope")] Task<CreateEnvelopeResult> CreateEnvelopeAsync(EnvelopeSpec spec, string idempotencyKey);

    /// <summary>Read-only: a crowd of reads of one wallet interleaves and shares row reads (never a stale one).</summary>
    [Alias("balance")][ReadOnly] Task<WalletBalance> GetBalanceAsync();

    [Alias("ledger")] Task<LedgerPage> GetLedgerAsync(int limit, long? before);

    [Alias("audit")] Task<WalletAudit> GetAuditAsync();
}
