namespace Hongbao.Contracts.Wallets;

[GenerateSerializer, Immutable, Alias("hongbao.wallet-balance")]
public sealed record WalletBalance(
    [property: Id(0)] string UserId,
    [property: Id(1)] long BalanceFen);
