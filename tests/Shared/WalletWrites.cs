using Hongbao.Contracts.Wallets;
using Hongbao.Grains.Persistence;

namespace Hongbao.Testing;

/// <summary>Wallet changes as the wallet grain would make them, for tests of the row store beneath it.</summary>
public static class WalletWrites
{
    /// <summary>A wallet's first change: a deposit that creates its row.</summary>
    public static WalletWrite Opening(string userId, long depositFen, string operationId) => new(
        "user:" + userId, null, depositFen, depositFen, 1, [],
        [new LedgerRecord(new LedgerEntry(1, LedgerEntryKind.Deposit, depositFen, null, DateTimeOffset.UnixEpoch, depositFen), operationId, "fp")]);

    /// <summary>A grab credit as the wallet's second entry, over the row version it expects.</summary>
    public static WalletWrite Credit(string userId, long expectedVersion, long balanceBeforeFen, long amountFen, string operationId) => new(
        "user:" + userId, expectedVersion, balanceBeforeFen + amountFen, balanceBeforeFen, 2, [],
        [new LedgerRecord(new LedgerEntry(2, LedgerEntryKind.Grab, amountFen, "env_y", DateTimeOffset.UnixEpoch, balanceBeforeFen + amountFen), operationId, "fp")]);

    /// <summary>A grab credit applied by the database to whatever balance is stored, with no read first.</summary>
    public static WalletCreditWrite UnreadCredit(string userId, long amountFen, string envelopeId) =>
        new("user:" + userId, LedgerEntryKind.Grab, amountFen, envelopeId, DateTimeOffset.UnixEpoch, "grab:" + envelopeId, "fp");
}
