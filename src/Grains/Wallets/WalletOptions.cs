using System.ComponentModel.DataAnnotations;

namespace Hongbao.Grains.Wallets;

/// <summary>Bounds of wallets, bound from "Hongbao:Wallets".</summary>
public sealed class WalletOptions
{
    public const string Section = "Hongbao:Wallets";

    /// <summary>The largest ledger page one call returns; the whole history is paged from storage.</summary>
    [Range(10, 10_000)] public int LedgerPageMax { get; set; } = 500;

    /// <summary>
    /// Operations an active wallet remembers in memory, to answer a quick redelivery without a database round trip.
    /// Exactly-once does not depend on it: the ledger's unique (wallet, operation id) rows do that, for good.
    /// </summary>
    [Range(1, 100_000)] public int RecentOperationsMax { get; set; } = 64;

    [Range(1, 1_000_000_000_000)] public long DepositMaxFen { get; set; } = 100_000_000_000;

    [Range(1, 256)] public int IdempotencyKeyLengthMax { get; set; } = 128;

    /// <summary>Delay before a wallet retries opening an envelope it has already funded.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan OutboxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
