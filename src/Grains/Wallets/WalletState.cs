using Hongbao.Grains.Envelopes;
using Hongbao.Grains.Persistence;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// A wallet in memory: its balance row as last read or written (<see cref="Version"/>, null before the first
/// write). Nothing here grows with the number of operations: the ledger lives in rows of its own.
/// <see cref="Outbox"/> holds envelopes already debited but not yet opened.
/// </summary>
public sealed record WalletState
{
    public static readonly WalletState New = new();

    public long? Version { get; init; }

    public long BalanceFen { get; init; }

    public long DepositedFen { get; init; }

    public long LedgerSequence { get; init; }

    public ImmutableList<EnvelopeOpening> Outbox { get; init; } = [];

    public long OutboxFen => Outbox.Sum(o => o.Spec.FundedFen);

    public static WalletState From(StoredWallet? stored) => stored is null
        ? New
        : new WalletState
        {
            Version = stored.Version,
            BalanceFen = stored.BalanceFen,
            DepositedFen = stored.DepositedFen,
            LedgerSequence = stored.LedgerSequence,
            Outbox = stored.Outbox,
        };
}
