using System.Net;
using Hongbao.Api.Tests.Infrastructure;
using Hongbao.Contracts.Common;

namespace Hongbao.Api.Tests;

/// <summary>The festival moment over HTTP: a crowd races for a small envelope, then the money is audited.</summary>
[Collection(nameof(ApiCollection))]
public sealed class GrabCrowdTests(ApiFixture api)
{
    private const int Crowd = 200;
    private const int Shares = 50;
    private const long TotalAmount = 8_888;
    private const long Deposit = 100_000;

    [Fact]
    public async Task Two_hundred_users_grab_fifty_shares_and_every_fen_is_accounted_for()
    {
        var cancel = TestContext.Current.CancellationToken;
        await api.DepositAsync("crowd-sender", Deposit);
        var envelope = await api.CreateEnvelopeAsync("crowd-sender", $$"""{"kind":"lucky","totalAmount":{{TotalAmount}},"shares":{{Shares}},"greeting":"新年快乐"}""");
        var users = Enumerable.Range(0, Crowd).Select(i => $"crowd-{i:D3}").ToArray();
        var clients = users.Select(u => api.As(u)).ToArray();

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsync($"/envelopes/{envelope.Id}/grabs", null, cancel)));

        var granted = new List<WireGrab>();
        for (var i = 0; i < Crowd; i++)
        {
            if (responses[i].StatusCode == HttpStatusCode.Created)
            {
                granted.Add(await responses[i].ReadAsync<WireGrab>(HttpStatusCode.Created));
            }
            else
            {
                await responses[i].AssertProblemAsync(HttpStatusCode.Conflict, "envelope_exhausted");
            }
        }

        Assert.Equal(Shares, granted.Count);
        Assert.Equal(Shares, granted.Select(g => g.UserId).Distinct().Count());
        Assert.Equal(TotalAmount, granted.Sum(g => g.Amount));
        Assert.All(granted, g => Assert.True(g.Amount >= 1));

        var settled = await api.WaitForSettledAsync(envelope.Id, "crowd-watcher");
        Assert.Equal((0L, 0), (settled.RemainingAmount, settled.RemainingShares));
        Assert.Equal(
            granted.Select(g => (g.UserId, g.Amount)).OrderBy(g => g.UserId),
            settled.Grabs.Select(g => (g.UserId, g.Amount)).OrderBy(g => g.UserId));
        Assert.NotNull(settled.BestLuck);

        // Every winner was credited exactly their share; everyone else got nothing.
        var amountByWinner = granted.ToDictionary(g => g.UserId, g => g.Amount);
        var audits = await Task.WhenAll(users.Append("crowd-sender").Select(u => api.Grains.Wallet(u).GetAuditAsync()));
        foreach (var audit in audits.Where(a => a.UserId != "crowd-sender"))
        {
            Assert.Equal(amountByWinner.GetValueOrDefault(audit.UserId), audit.BalanceFen);
        }

        // Conservation: deposits = balances + held by envelopes (+ funded but not yet opened).
        var details = await api.Grains.Envelope(envelope.Id).GetDetailsAsync();
        Assert.Equal(0, details!.HeldFen);
        Assert.Equal(audits.Sum(a => a.DepositedFen), audits.Sum(a => a.BalanceFen + a.OutboxFen) + details.HeldFen);
        Assert.Equal(Deposit - TotalAmount, audits.Single(a => a.UserId == "crowd-sender").BalanceFen);

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
