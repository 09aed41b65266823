using Hongbao.Contracts.Wallets;

namespace Hongbao.Api.Wallets;

public sealed record WalletView(string UserId, long Balance)
{
    public static WalletView From(WalletBalance balance) => new(balance.UserId, balance.BalanceFen);
}
