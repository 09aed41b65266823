namespace Hongbao.Contracts.Wallets;

[GenerateSerializer, Alias("hongbao.ledger-entry-kind")]
public enum LedgerEntryKind
{
    Deposit = 0,
    Send = 1,
    Grab = 2,
    Refund = 3,
}
