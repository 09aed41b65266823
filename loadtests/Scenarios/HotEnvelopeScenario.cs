using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;

namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// "Everyone in the group at midnight": one admin-funded sender creates one lucky envelope with a huge share count,
/// and a crowd of distinct users (one per iteration) grabs it once each. Grabs past the last share answer
/// 409 envelope_exhausted, which is the correct answer and counts as OK under its own status.
/// </summary>
public static class HotEnvelopeScenario
{
    public const string Name = "hot-envelope";
    public const int SharesMax = 100_000;

    public static ScenarioProps Create(HongbaoTarget target)
    {
        string? envelopeId = null;
        return Scenario.Create(Name, async ctx =>
            {
                var userId = target.User("u", ctx.InvocationNumber);
                return await Step.Run("grab", ctx, async () =>
                {
                    var (last, response) = await GrabRetry.GrabAsync(target, userId, envelopeId!, ctx.CancellationToken);
                    return last.ProblemCode == WireNames.EnvelopeExhausted ? Response.Exhausted(response.StatusCode, response.SizeBytes) : response;
                });
            })
            .WithInit(async init =>
            {
                var settings = init.GetCustomSettings<HotEnvelopeSettings>();
                var plannedGrabs = init.PlannedIterations + init.PlannedWarmUpIterations;
                var shares = settings.Shares ?? SharesFor(plannedGrabs, init.IterationsAreCounted);
                envelopeId = await CreateHotEnvelopeAsync(target, shares, settings.AverageShareFen);
                init.Logger.WriteLine($"[{Name}] envelope {envelopeId}: {shares} shares, users {target.UserPrefix}-u*");
                if (!init.IterationsAreCounted && settings.Shares is null)
                {
                    init.Logger.WriteLine($"[{Name}] closed model: the grab count depends on the target's speed, so the envelope " +
                                          $"has the most shares allowed ({SharesMax}); pass --shares to choose. Grabs after " +
                                          "the last share are refusals, reported apart from grants.");
                }
                // Tokens for everyone who can be granted, so no measured grant pays for its token.
                var prepared = Math.Min(Math.Max(plannedGrabs, shares), settings.PrepareUsersMax);
                await target.Api.PrepareUsersAsync(
                    [.. Enumerable.Range(0, (int)prepared).Select(i => target.User("u", i))], CancellationToken.None);
            })
            .WithAudit((_, cancellation) => MoneyAudit.RunAsync(Name, target.Api, target.Ledger, target.AuditOptions, cancellation));
    }

    /// <summary>
    /// 90% of the planned grabs (so the envelope exhausts and settles, and the audit sees a full payout), at most
    /// <see cref="SharesMax"/>; when the plan has no count (closed model for a time), the most allowed.
    /// </summary>
    public static int SharesFor(long plannedGrabs, bool plannedIsCounted) =>
        plannedIsCounted ? (int)Math.Clamp(plannedGrabs * 9 / 10, 10, SharesMax) : SharesMax;

    private static async Task<string> CreateHotEnvelopeAsync(HongbaoTarget target, int shares, long averageShareFen)
    {
        var sender = target.User("sender", 0);
        var total = shares * averageShareFen;
        var depositKey = $"{target.UserPrefix}-deposit-{sender}";
        var deposit = await target.Api.DepositAsync(sender, total, depositKey, CancellationToken.None);
        target.Ledger.RecordDeposit(deposit, sender, total, depositKey);
        if (!deposit.IsSuccess)
        {
            throw new TargetUnavailableException($"funding the sender failed: {deposit.StatusCode} {deposit.ProblemCode} {deposit.Message}");
        }

        var request = new CreateEnvelopeRequest("lucky", total, null, shares, "Happy new year from the load test");
        var createKey = $"{target.UserPrefix}-create-hot";
        var created = await target.Api.CreateEnvelopeAsync(sender, request, createKey, CancellationToken.None);
        target.Ledger.RecordCreate(created, sender, request, createKey);
        return created.Value?.Id
            ?? throw new TargetUnavailableException($"creating the hot envelope failed: {created.StatusCode} {created.ProblemCode} {created.Message}");
    }
}
