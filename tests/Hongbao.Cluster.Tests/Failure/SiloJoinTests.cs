namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// Scaling out mid-peak: a fourth silo joins while users grab several envelopes through two API nodes. Grabs keep
/// succeeding (failures, if any, are transient and retried) and the invariants hold. How many grains the new silo
/// hosts by the end is recorded, not asserted: placement is Orleans' choice.
/// </summary>
[Collection(FailureCollection.Name)]
public sealed class SiloJoinTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Envelopes = 4;
    private const int SharesEach = 1_000;
    private const long TotalEach = 100_000;
    private const int UsersDuring = 600;
    private const int UsersAfter = 300;
    private const int AcknowledgedBeforeJoin = 100;

    /// <summary>Transient failures tolerated while the silo joins, as a share of all grab requests.</summary>
    private const double FailuresMax = 0.02;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_that_joins_under_load_keeps_grabs_succeeding_and_the_invariants_hold()
    {
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync());
        await cluster.RunAsync(output, async () =>
        {
            await cluster.StartAsync(siloCount: 3, apiCount: 2);
            var grains = await cluster.ConnectClientAsync();
            var api = cluster.Apis[0].Client;
            var admin = await api.IssueTokenAsync("admin", admin: true);
            var sender = await api.IssueTokenAsync("sender");
            var envelopes = await api.FundAndCreateLuckyAsync(admin, "sender", Envelopes, TotalEach, SharesEach);

            var users = await CrowdUser.IssueAsync(api, "j", UsersDuring + UsersAfter, i => envelopes[i % Envelopes]);
            var apis = cluster.Apis.Select(a => a.Client).ToList();

            // One crowd arrives slowly enough to span the join; a second one grabs once the new silo is in.
            var during = new GrabCrowd(apis, users.Take(UsersDuring).ToList(), new CrowdPace(Concurrency: 40, UsersPerSecond: 40));
            var runningDuring = during.RunAsync();
            await Eventually.ReturnsAsync(() => Task.FromResult(during.Acknowledged), n => n >= AcknowledgedBeforeJoin, Deadline, "grabs before the join");
            var joinStartedAt = DateTime.UtcNow;
            var fourth = await cluster.StartSiloAsync();
            var joinedAt = DateTime.UtcNow;
            var after = new GrabCrowd(apis, users.Skip(UsersDuring).ToList(), new CrowdPace(Concurrency: 40, UsersPerSecond: 1_000));
            var results = (await Task.WhenAll(runningDuring, after.RunAsync())).SelectMany(r => r).ToList();
            var events = during.Events.Concat(after.Events).ToList();

            Assert.DoesNotContain(events, e => e.Reply.Code == "client_timeout");
            var gaveUp = results.Where(r => !r.Acknowledged).Select(r => $"{r.User.UserId}: {r.Final} after {r.Attempts}").ToList();
            Assert.True(gaveUp.Count == 0, $"{gaveUp.Count} users got no share: {string.Join("; ", gaveUp.Take(5))}");
            var failures = FailureFigures.FailureCount(events);
            Assert.True(failures <= FailuresMax * events.Count, $"{failures} of {events.Count} grab requests failed: {FailureFigures.Failures(events)}");
            var acknowledgedWhileJoining = events.Count(e => e.Reply.Acknowledged && e.AnsweredAt >= joinStartedAt && e.AnsweredAt <= joinedAt);
            Assert.True(acknowledgedWhileJoining > 0, "no grab was acknowledged while the silo joined: the load did not span the join");

            var documents = await Task.WhenAll(envelopes.Select(id => api.GetEnvelopeAsync(sender, id)));
            var shares = AcknowledgedGrabs.AssertKept(documents, results);
            var money = await MoneyAudit.AssertConservedAsync(grains, [.. results.Select(r => r.User.UserId), "sender"], envelopes);
            var held = documents.SelectMany(d => d.Grabs).ToList();
            Assert.All(held, g => Assert.Equal(g.Amount, money.Wallets[g.UserId].BalanceFen));
            var newSilo = (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.Single(s => s.Endpoint.Port == fourth.SiloPort);
            var activationsOnNewSilo = (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([newSilo]))
                .Where(s => s.GrainType.Contains("Hongbao", StringComparison.Ordinal)).Sum(s => s.ActivationCount);

            output.WriteLine($"4th silo {fourth.Process.Name} joined in {(joinedAt - joinStartedAt).TotalSeconds:F1} s; it hosts {activationsOnNewSilo} Hongbao activations");
            output.WriteLine($"grabs acknowledged {shares.Acknowledged} ({acknowledgedWhileJoining} while the silo joined); lost {shares.Lost}; double {shares.Double}");
            output.WriteLine($"failed requests (retried): {FailureFigures.Failures(events)}; slowest answer {FailureFigures.SlowestAnswer(events).TotalSeconds:F1} s; longest time without an acknowledged grab {FailureFigures.LongestGap(events).TotalSeconds:F1} s");
            output.WriteLine($"money: {money}");
        });
    }
}
