using Hongbao.Grains.Persistence;
using Hongbao.Grains.Wallets;
using Hongbao.Silo.Storage.Rows;
using Xunit;

namespace Hongbao.Testing;

/// <summary>Checks of the row store that must hold alike on SQLite and on PostgreSQL.</summary>
public static class RowStoreChecks
{
    /// <summary>A credit to an unread wallet adds to whatever balance is stored, once, and numbers its ledger entry from the row.</summary>
    public static async Task UnreadCreditAddsOnceAndChainsTheLedgerAsync(RowStore store)
    {
        Assert.Equal(RowWriteOutcome.Committed, await store.CreditAsync(WalletWrites.UnreadCredit("fresh", 7, "env_a")));
        Assert.Equal(RowWriteOutcome.Committed, await store.WriteAsync(WalletWrites.Opening("funded", 100, "op-funded")));
        Assert.Equal(RowWriteOutcome.Committed, await store.CreditAsync(WalletWrites.UnreadCredit("funded", 5, "env_a")));
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await store.CreditAsync(WalletWrites.UnreadCredit("funded", 5, "env_a")));
        Assert.Equal(RowWriteOutcome.Committed, await store.CreditAsync(WalletWrites.UnreadCredit("funded", 3, "env_b")));

        var fresh = await ((IWalletRows)store).ReadAsync("user:fresh");
        var funded = await ((IWalletRows)store).ReadAsync("user:funded");
        Assert.Equal((1L, 7L, 0L, 1L), (fresh!.Version, fresh.BalanceFen, fresh.DepositedFen, fresh.LedgerSequence));
        Assert.Equal((3L, 108L, 100L, 3L), (funded!.Version, funded.BalanceFen, funded.DepositedFen, funded.LedgerSequence));
        var ledger = await store.ReadLedgerAsync("user:funded", null, 10);
        Assert.Equal([(3L, 108L), (2L, 105L), (1L, 100L)], ledger.Select(e => (e.Sequence, e.BalanceAfterFen)));
        Assert.Equal(LedgerEntryKind.Grab, ledger[0].Kind);
        Assert.Equal("env_b", ledger[0].EnvelopeId);
    }
}
