using Hongbao.Contracts.Wallets;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>The terms of money conservation, and every audited wallet by user id.</summary>
public sealed record MoneyFigures(long DepositedFen, long BalancesFen, long OutboxFen, long HeldFen, IReadOnlyDictionary<string, WalletAudit> Wallets)
{
    public bool IsConserved => DepositedFen == BalancesFen + OutboxFen + HeldFen;

    public override string ToString() =>
        $"deposits {DepositedFen} = balances {BalancesFen} + outboxes {OutboxFen} + held by envelopes {HeldFen}";
}
