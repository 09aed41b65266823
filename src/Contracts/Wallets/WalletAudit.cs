namespace Hongbao.Contracts.Wallets;

/// <summary>
/// What the money-conservation audit needs of one wallet: lifetime deposits, the balance, and money
/// debited for envelopes that are not open yet (the outbox).
/// </summary>
[GenerateSerializer, Immutable, Alias("hongbao.wallet-audit")]
public sealed record WalletAudit(
    [property: Id(0)] string UserId,
    [property: Id(1)] long DepositedFen,
    [property: Id(2)] long BalanceFen,
    [property: Id(3)] long OutboxFen);
