namespace Hongbao.Grains.Wallets;

/// <summary>
/// Money an envelope pays into a wallet (a grab or a refund). Delivered at least once; applied once,
/// by <see cref="OperationId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.wallet-credit")]
public sealed record WalletCredit(
    [property: Id(0)] string OperationId,
    [property: Id(1)] LedgerEntryKind Kind,
    [property: Id(2)] long AmountFen,
    [property: Id(3)] string EnvelopeId)
{
    public static WalletCredit ForGrab(string envelopeId, long amountFen) => new("grab:" + envelopeId, LedgerEntryKind.Grab, amountFen, envelopeId);

    public static WalletCredit ForRefund(string envelopeId, long amountFen) => new("refund:" + envelopeId, LedgerEntryKind.Refund, amountFen, envelopeId);
}
