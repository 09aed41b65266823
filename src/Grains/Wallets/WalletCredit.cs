namespace Hongbao.Grains.Wallets;

/// <summary>
/// Money an envelope pays into a wallet (a grab or a refund). Delivered at least once; applied once,
/// by <see cref="OperationId"/>.
/// </summary>
public sealed record WalletCredit(string OperationId, LedgerEntryKind Kind, long AmountFen, string EnvelopeId)
{
    public static WalletCredit ForGrab(string envelopeId, long amountFen) => new("grab:" + envelopeId, LedgerEntryKind.Grab, amountFen, envelopeId);

    public static WalletCredit ForRefund(string envelopeId, long amountFen) => new("refund:" + envelopeId, LedgerEntryKind.Refund, amountFen, envelopeId);
}
