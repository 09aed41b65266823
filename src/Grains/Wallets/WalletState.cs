using Hongbao.Grains.Envelopes;

namespace Hongbao.Grains.Wallets;

/// <summary>
/// The persisted wallet. The balance is kept apart from the (bounded) ledger so compaction never
/// moves it. <see cref="Outbox"/> holds envelopes already debited but not yet opened.
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.wallet-state")]
public sealed record WalletState
{
    [Id(0)] public long BalanceFen { get; init; }
    [Id(1)] public long DepositedFen { get; init; }
    [Id(2)] public long LedgerSequence { get; init; }
    [Id(3)] public ImmutableList<LedgerEntry> Ledger { get; init; } = [];
    [Id(4)] public ImmutableDictionary<string, AppliedOperation> Applied { get; init; } = ImmutableDictionary<string, AppliedOperation>.Empty;
    [Id(5)] public ImmutableList<string> AppliedOrder { get; init; } = [];
    [Id(6)] public ImmutableList<EnvelopeOpening> Outbox { get; init; } = [];

    public long OutboxFen => Outbox.Sum(o => o.Spec.FundedFen);
}
