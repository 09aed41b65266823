using System.Net;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Contracts.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Hongbao.Api.Tests;

/// <summary>
/// /health/ready needs no sign-in and has no per-user limit, so anyone can flood it: a flood must cost the engine
/// nothing (no call to the probe grain per request) and must not slow grabs into failure.
/// </summary>
public sealed class ReadinessFloodTests
{
    private const int Requests = 2_000;
    private const int Concurrency = 32;
    private const int Grabbers = 40;
    private const long TotalAmount = 4_000;
    private const long Deposit = 10_000;

    [Fact]
    public async Task A_flood_of_readiness_probes_makes_no_probe_grain_calls_and_grabs_still_succeed()
    {
        var cancel = TestContext.Current.CancellationToken;
        var probeCalls = new ProbeGrainCalls();
        await using var api = new ApiFixture(new HongbaoApiFactory("Development", new Dictionary<string, string?>
        {
            // One background probe at start and none during the flood: any probe call the flood makes is visible.
            ["Hongbao:Health:ReadinessRefresh"] = "00:05:00",
            ["Hongbao:RateLimits:Enabled"] = "false",
        }, services => services.AddSingleton<IIncomingGrainCallFilter>(probeCalls)));
        await api.InitializeAsync();

        await api.DepositAsync("flood-sender", Deposit);
        var envelope = await api.CreateEnvelopeAsync("flood-sender", $$"""{"kind":"lucky","totalAmount":{{TotalAmount}},"shares":{{Grabbers}}}""");
        var grabbers = Enumerable.Range(0, Grabbers).Select(i => $"flood-grabber-{i:D2}").ToArray();
        var callsBefore = probeCalls.Count;

        using var anonymous = api.Anonymous();
        var readyAnswers = 0;
        var flood = Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancel }, async (_, token) =>
        {
            using var response = await anonymous.GetAsync("/health/ready", token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref readyAnswers);
            }
        });
        var grabs = Task.WhenAll(grabbers.Select(async user =>
        {
            using var client = api.As(user);
            using var response = await client.PostAsync($"/envelopes/{envelope.Id}/grabs", null, cancel);
            return await response.ReadAsync<WireGrab>(HttpStatusCode.Created);
        }));
        await flood;
        var granted = await grabs;

        Assert.Equal(Requests, readyAnswers);
        Assert.True(probeCalls.Count - callsBefore <= 1, $"{probeCalls.Count - callsBefore} probe grain calls during {Requests} readiness requests");
        Assert.Equal(Grabbers, granted.Length);
        Assert.Equal(TotalAmount, granted.Sum(g => g.Amount));

        // Conservation once every share is credited: deposits = balances (+ outboxes) + what the envelope holds.
        await api.WaitForSettledAsync(envelope.Id, "flood-sender");
        var audits = await Task.WhenAll(grabbers.Append("flood-sender").Select(u => api.Grains.Wallet(u).GetAuditAsync()));
        var details = await api.Grains.Envelope(envelope.Id).GetDetailsAsync();
        Assert.Equal(audits.Sum(a => a.DepositedFen), audits.Sum(a => a.BalanceFen + a.OutboxFen) + details!.HeldFen);
        Assert.Equal(Deposit - TotalAmount, audits.Single(a => a.UserId == "flood-sender").BalanceFen);
    }

    /// <summary>Counts calls that reach the readiness probe's wallet grain, whoever makes them.</summary>
    private sealed class ProbeGrainCalls : IIncomingGrainCallFilter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.TargetId.Key.ToString() == GrainKeys.WalletKeyOf("health:probe"))
            {
                Interlocked.Increment(ref count);
            }

            return context.Invoke();
        }
    }
}
