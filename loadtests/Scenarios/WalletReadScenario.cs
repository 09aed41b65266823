using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;

namespace Hongbao.LoadTests.Scenarios;

/// <summary>Balance and ledger reads by funded users: <c>GET /wallets/me</c> then <c>GET /wallets/me/ledger</c>.</summary>
public static class WalletReadScenario
{
    public const string Name = "wallet-read";

    public static ScenarioProps Create(HongbaoTarget target)
    {
        var settings = new WalletReadSettings();
        return Scenario.Create(Name, async ctx =>
            {
                var userId = target.User("u", ctx.InvocationNumber % settings.Users);
                var balance = await Step.Run("balance", ctx, async () =>
                    (await target.Api.GetMyWalletAsync(userId, ctx.CancellationToken)).ToResponse());
                if (balance.IsError)
                {
                    return balance;
                }

                return await Step.Run("ledger", ctx, async () =>
                    (await target.Api.GetMyLedgerAsync(userId, settings.LedgerLimit, ctx.CancellationToken)).ToResponse());
            })
            .WithInit(async init =>
            {
                settings = init.GetCustomSettings<WalletReadSettings>();
                var users = Enumerable.Range(0, settings.Users).Select(i => target.User("u", i)).ToList();
                foreach (var userId in users)
                {
                    var key = $"{target.UserPrefix}-deposit-{userId}";
                    var deposit = await target.Api.DepositAsync(userId, settings.DepositFen, key, CancellationToken.None);
                    target.Ledger.RecordDeposit(deposit, userId, settings.DepositFen, key);
                    if (!deposit.IsSuccess)
                    {
                        throw new TargetUnavailableException($"funding {userId} failed: {deposit.StatusCode} {deposit.ProblemCode} {deposit.Message}");
                    }
                }
                await target.Api.PrepareUsersAsync(users, CancellationToken.None);
            })
            .WithAudit((_, cancellation) => MoneyAudit.RunAsync(Name, target.Api, target.Ledger, target.AuditOptions, cancellation));
    }
}
