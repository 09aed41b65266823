using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;

namespace Hongbao.LoadTests.Scenarios;

/// <summary>
/// Many envelopes of realistic group sizes: funded senders create lucky envelopes (small groups far more often
/// than big ones) while users grab, mostly from the newest envelopes (Zipf over recency). Exhausted envelopes
/// leave the pool; <c>409 envelope_exhausted</c>, <c>200 alreadyGrabbed</c> and <c>409 insufficient_funds</c>
/// are correct answers to this load and count as OK under their own status.
/// </summary>
public static class FestivalScenario
{
    public const string Name = "festival";

    public static ScenarioProps Create(HongbaoTarget target)
    {
        var settings = new FestivalSettings();
        var pool = new EnvelopePool(settings.ActiveEnvelopes);
        ZipfSampler? popularity = null;
        ZipfSampler? groupSizes = null;

        return Scenario.Create(Name, async ctx =>
            {
                var random = ctx.Random;
                if (random.NextDouble() < settings.CreateRatio || pool.Count == 0)
                {
                    var sender = target.User("sender", random.Next(settings.Senders));
                    var shares = settings.MinShares + groupSizes!.Next(random);
                    var request = new CreateEnvelopeRequest("lucky",
                        shares * random.NextInt64(settings.MinShareFen, settings.MaxShareFen + 1), null, shares, "Gong xi fa cai");
                    return await Step.Run("create", ctx, () => CreateAsync(target, pool, sender, request, $"{target.UserPrefix}-c{ctx.InvocationNumber}", ctx));
                }

                var userId = target.User("u", random.Next(settings.Users));
                var envelopeId = pool.AtRank(popularity!.Next(random));
                if (envelopeId is null)
                {
                    return Response.Fail("no envelope", "the envelope pool is empty");
                }

                return await Step.Run("grab", ctx, async () =>
                {
                    var (last, response) = await GrabRetry.GrabAsync(target, userId, envelopeId, ctx.CancellationToken);
                    if (last.ProblemCode == WireNames.EnvelopeExhausted)
                    {
                        pool.Remove(envelopeId);
                    }

                    return response;
                });
            })
            .WithInit(async init =>
            {
                settings = init.GetCustomSettings<FestivalSettings>();
                pool = new EnvelopePool(settings.ActiveEnvelopes);
                popularity = new ZipfSampler(settings.ActiveEnvelopes, settings.ZipfExponent);
                // Group sizes: small groups dominate, big ones are rare.
                groupSizes = new ZipfSampler(settings.MaxShares - settings.MinShares + 1, 0.8);
                await FundSendersAsync(target, settings);
                await target.Api.PrepareUsersAsync(
                    [.. Enumerable.Range(0, settings.Users).Select(i => target.User("u", i))], CancellationToken.None);
                var random = new Random(init.Seed);
                for (var i = 0; i < settings.InitialEnvelopes; i++)
                {
                    var shares = settings.MinShares + groupSizes.Next(random);
                    var request = new CreateEnvelopeRequest("lucky", shares * settings.MaxShareFen, null, shares, "First of the night");
                    var sender = target.User("sender", i % settings.Senders);
                    var created = await target.Api.CreateEnvelopeAsync(sender, request, $"{target.UserPrefix}-init{i}", CancellationToken.None);
                    target.Ledger.RecordCreate(created, sender, request, $"{target.UserPrefix}-init{i}");
                    if (created.Value is { } envelope)
                    {
                        pool.Add(envelope.Id);
                    }
                }
                init.Logger.WriteLine($"[{Name}] {settings.Senders} senders, {settings.Users} users, {pool.Count} envelopes to start");
            })
            .WithAudit((_, cancellation) => MoneyAudit.RunAsync(Name, target.Api, target.Ledger, target.AuditOptions, cancellation));
    }

    private static async Task<IResponse> CreateAsync(
        HongbaoTarget target, EnvelopePool pool, string sender, CreateEnvelopeRequest request, string key, IScenarioContext ctx)
    {
        var created = await target.Api.CreateEnvelopeAsync(sender, request, key, ctx.CancellationToken);
        target.Ledger.RecordCreate(created, sender, request, key);
        if (created.Value is { } envelope)
        {
            pool.Add(envelope.Id);
        }

        return created.ToResponse(WireNames.InsufficientFunds);
    }

    private static async Task FundSendersAsync(HongbaoTarget target, FestivalSettings settings)
    {
        for (var i = 0; i < settings.Senders; i++)
        {
            var sender = target.User("sender", i);
            var key = $"{target.UserPrefix}-deposit-{sender}";
            var deposit = await target.Api.DepositAsync(sender, settings.SenderFundsFen, key, CancellationToken.None);
            target.Ledger.RecordDeposit(deposit, sender, settings.SenderFundsFen, key);
            if (!deposit.IsSuccess)
            {
                throw new TargetUnavailableException($"funding {sender} failed: {deposit.StatusCode} {deposit.ProblemCode} {deposit.Message}");
            }
        }
    }
}
