using Hongbao.Grains.Persistence;

namespace Hongbao.Grains.Wallets;

/// <summary>A decided wallet change: the row it leaves and the ledger entries it appends, committed together.</summary>
public sealed record WalletChange(WalletState Next, ImmutableList<LedgerRecord> Entries);
