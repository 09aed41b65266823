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

    /// <summary>The engine's default most shares per envelope (<c>Hongbao:Envelopes:SharesMax</c>).</summary>
    public const int SharesMax = 100_000;

    /// <summary>
    /// How many times the warm-up's rate the measured envelope holds: the warm-up includes the JIT's slow start,
    /// so the load may well run faster than it did.
    /// </summary>
    public const int WarmUpRateMargin = 2;

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
                envelopeId = await CreateHotEnvelopeAsync(target, shares, settings.AverageShareFen, "hot");
                init.Logger.WriteLine($"[{Name}] envelope {envelopeId}: {shares} shares, users {target.UserPrefix}-u*");
                // Tokens for everyone who can be granted, so no measured grant pays for its token.
                await PrepareUsersAsync(target, 0, Math.Max(plannedGrabs, shares), settings);
            })
            .WithBeforeLoad(async start =>
            {
                var settings = start.Init.GetCustomSettings<HotEnvelopeSettings>();
                if (settings.Shares is not null || start.Init.IterationsAreCounted || start.WarmUp is not { Count: > 0 } warmUp)
                {
                    if (!start.Init.IterationsAreCounted && settings.Shares is null)
                    {
                        start.Init.Logger.WriteLine($"[{Name}] closed model without a warm-up: the envelope has the most shares allowed " +
                                                    $"({SharesMax}); pass --shares to choose. If they run out, the report says when.");
                    }

                    return;
                }

                var rate = warmUp.Count / Math.Max(warmUp.Duration.TotalSeconds, 1e-9);
                var shares = SharesForRate(rate, start.LoadDuration);
                envelopeId = await CreateHotEnvelopeAsync(target, shares, settings.AverageShareFen, "hot-load");
                start.Init.Logger.WriteLine($"[{Name}] warm-up answered {rate:0}/s: the measured load grabs envelope {envelopeId} " +
                                            $"with {shares} shares ({WarmUpRateMargin}x that rate over {start.LoadDuration.TotalSeconds:0.#} s, at most {SharesMax})");
                var needed = rate * start.LoadDuration.TotalSeconds;
                if (needed >= shares)
                {
                    start.Init.Logger.WriteLine($"[{Name}] at the warm-up's rate the load would grab about {needed:0} shares, more than the " +
                                                $"engine's {SharesMax} per envelope (Hongbao:Envelopes:SharesMax): they may run out, at about " +
                                                $"{shares / rate:0.#} s; the report then says when, and success/s counts only the time they lasted. " +
                                                "Against a server with a higher limit, pass --shares.");
                }

                await PrepareUsersAsync(target, start.NextInvocationNumber, shares, settings);
            })
            .WithAudit((_, cancellation) => MoneyAudit.RunAsync(Name, target.Api, target.Ledger, target.AuditOptions, cancellation));
    }

    /// <summary>
    /// 90% of the planned grabs (so the envelope exhausts and settles, and the audit sees a full payout), at most
    /// <see cref="SharesMax"/>; when the plan has no count (closed model for a time), the most allowed, for the
    /// warm-up (the measured load then gets an envelope of <see cref="SharesForRate"/>).
    /// </summary>
    public static int SharesFor(long plannedGrabs, bool plannedIsCounted) =>
        plannedIsCounted ? (int)Math.Clamp(plannedGrabs * 9 / 10, 10, SharesMax) : SharesMax;

    /// <summary>Enough shares to outlast the load at <see cref="WarmUpRateMargin"/> times the warm-up's rate, within 10 … <see cref="SharesMax"/>.</summary>
    public static int SharesForRate(double answersPerSecond, TimeSpan loadDuration) =>
        (int)Math.Clamp(Math.Ceiling(answersPerSecond * loadDuration.TotalSeconds * WarmUpRateMargin), 10, SharesMax);

    private static Task PrepareUsersAsync(HongbaoTarget target, long firstUser, long users, HotEnvelopeSettings settings) =>
        target.Api.PrepareUsersAsync(
            [.. Enumerable.Range(0, (int)Math.Min(users, settings.PrepareUsersMax)).Select(i => target.User("u", firstUser + i))], CancellationToken.None);

    private static async Task<string> CreateHotEnvelopeAsync(HongbaoTarget target, int shares, long averageShareFen, string purpose)
    {
        var sender = target.User("sender", 0);
        var total = shares * averageShareFen;
        var depositKey = $"{target.UserPrefix}-deposit-{purpose}-{sender}";
        var deposit = await target.Api.DepositAsync(sender, total, depositKey, CancellationToken.None);
        target.Ledger.RecordDeposit(deposit, sender, total, depositKey);
        if (!deposit.IsSuccess)
        {
            throw new TargetUnavailableException($"funding the sender failed: {deposit.StatusCode} {deposit.ProblemCode} {deposit.Message}");
        }

        var request = new CreateEnvelopeRequest("lucky", total, null, shares, "Happy new year from the load test");
        var createKey = $"{target.UserPrefix}-create-{purpose}";
        var created = await target.Api.CreateEnvelopeAsync(sender, request, createKey, CancellationToken.None);
        target.Ledger.RecordCreate(created, sender, request, createKey);
        return created.Value?.Id
            ?? throw new TargetUnavailableException($"creating the hot envelope failed: {created.StatusCode} {created.ProblemCode} {created.Message}");
    }
}
