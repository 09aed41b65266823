namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// kill -9 of a silo in the middle of a festival-shaped load: many small envelopes, each silo's one storage writer
/// committing many grains' changes per transaction. The transaction in flight dies with the silo; nothing that any
/// client was told may be lost, and every wallet is credited exactly once.
/// </summary>
[Collection(FailureCollection.Name)]
public sealed class FestivalKillTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Envelopes = 30;
    private const int SharesEach = 20;
    private const long TotalEach = 2_000;
    private const int Users = 800;
    private const int AcknowledgedBeforeKill = 150;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_a_silo_under_festival_load_loses_no_acknowledged_change_and_conserves_money()
    {
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync());
        await cluster.RunAsync(output, async () =>
        {
            await cluster.StartAsync(siloCount: 3, apiCount: 2);
            var grains = await cluster.ConnectClientAsync();
            var api = cluster.Apis[0].Client;
            var admin = await api.IssueTokenAsync("admin", admin: true);
            var envelopes = await api.FundAndCreateLuckyAsync(admin, "sender", Envelopes, TotalEach, SharesEach);

            // About 27 users per envelope of 20 shares: every envelope is exhausted, many of them after the kill.
            var users = await CrowdUser.IssueAsync(api, "f", Users, i => envelopes[i % Envelopes]);
            var crowd = new GrabCrowd(cluster.Apis.Select(a => a.Client).ToList(), users, new CrowdPace(Concurrency: 200, UsersPerSecond: 150));
            var running = crowd.RunAsync();
            await Eventually.ReturnsAsync(() => Task.FromResult(crowd.Acknowledged), n => n >= AcknowledgedBeforeKill, Deadline, "grabs before the kill");

            var victim = cluster.Silos[1];
            var acknowledgedAtKill = crowd.Acknowledged;
            await cluster.KillAsync(victim);
            var killedAt = DateTime.UtcNow;
            var results = await running;

            Assert.DoesNotContain(crowd.Events, e => e.Reply.Code == "client_timeout");
            var unfinished = results.Where(r => !r.Acknowledged && !r.Final.Exhausted).Select(r => $"{r.User.UserId}: {r.Final} after {r.Attempts}").ToList();
            Assert.True(unfinished.Count == 0, $"{unfinished.Count} users neither got a share nor saw their envelope exhausted: {string.Join("; ", unfinished.Take(5))}");

            var reader = cluster.Apis[1].Client;
            var settled = new List<EnvelopeDocument>();
            foreach (var id in envelopes)
            {
                settled.Add(await Eventually.ReturnsAsync(() => reader.GetEnvelopeAsync(admin, id), e => e.Status == "settled", Deadline, $"envelope {id} to settle"));
            }

            Assert.All(settled, e => Assert.Equal(0, e.RemainingShares));
            var shares = AcknowledgedGrabs.AssertKept(settled, results);
            var grabbers = settled.SelectMany(e => e.Grabs).ToList();
            var money = await MoneyAudit.AssertConservedAsync(grains, [.. grabbers.Select(g => g.UserId), "sender"], envelopes);
            Assert.Equal(0, money.HeldFen);
            Assert.Equal(Envelopes * TotalEach, money.DepositedFen);
            Assert.All(grabbers, g => Assert.Equal(g.Amount, money.Wallets[g.UserId].BalanceFen));

            output.WriteLine($"killed {victim.Process.Name} after {acknowledgedAtKill} acknowledged grabs across {Envelopes} envelopes");
            output.WriteLine($"grabs acknowledged {shares.Acknowledged} of {Envelopes * SharesEach} shares; lost {shares.Lost}; double {shares.Double}; held without ack {shares.HeldWithoutAck}");
            output.WriteLine($"recovery (kill to next acknowledged grab): {FailureFigures.RecoveryAfter(crowd.Events, killedAt)?.TotalSeconds:F1} s");
            output.WriteLine($"failed requests (retried): {FailureFigures.Failures(crowd.Events)}; slowest answer {FailureFigures.SlowestAnswer(crowd.Events).TotalSeconds:F1} s");
            output.WriteLine($"money: {money}");
        });
    }
}
