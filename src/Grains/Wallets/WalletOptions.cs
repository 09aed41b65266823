using System.ComponentModel.DataAnnotations;

namespace Hongbao.Grains.Wallets;

/// <summary>Bounds of wallet state, bound from "Hongbao:Wallets".</summary>
public sealed class WalletOptions
{
    public const string Section = "Hongbao:Wallets";

    /// <summary>Ledger entries kept; older ones are compacted away (the balance is kept apart and never changes).</summary>
    [Range(10, 100_000)] public int LedgerMax { get; set; } = 500;

    /// <summary>
    /// Operation ids remembered for exactly-once application. A redelivery is recognised while its id
    /// is among the last this-many operations of the wallet; envelopes stop redelivering once a credit
    /// is acknowledged, so the window only has to cover retries in flight.
    /// </summary>
    [Range(100, 1_000_000)] public int AppliedOperationsMax { get; set; } = 4_096;

    [Range(1, 1_000_000_000_000)] public long DepositMaxFen { get; set; } = 100_000_000_000;

    [Range(1, 256)] public int IdempotencyKeyLengthMax { get; set; } = 128;

    /// <summary>Delay before a wallet retries opening an envelope it has already funded.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan OutboxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
