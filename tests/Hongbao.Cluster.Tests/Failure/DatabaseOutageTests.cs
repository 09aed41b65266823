namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// PostgreSQL stops (as a crash does) for about ten seconds while users grab: nothing can be made durable, so
/// nothing may be acknowledged; requests must fail fast with a retryable error, and the cluster must come back by
/// itself once the database does, having lost nothing it acknowledged before.
/// </summary>
[Collection(FailureCollection.Name)]
public sealed class DatabaseOutageTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Shares = 1_200;
    private const long Total = 120_000;
    private const int Users = 1_350;
    private const int AcknowledgedBeforeOutage = 200;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_database_outage_fails_requests_fast_loses_nothing_acknowledged_and_heals_by_itself()
    {
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync());
        await cluster.RunAsync(output, async () =>
        {
            await cluster.StartAsync(siloCount: 2, apiCount: 2);
            var grains = await cluster.ConnectClientAsync();
            var api = cluster.Apis[0].Client;
            var admin = await api.IssueTokenAsync("admin", admin: true);
            await api.DepositAsync(admin, "sender", Total);
            var envelope = await api.CreateEnvelopeAsync(await api.IssueTokenAsync("sender"), new { kind = "lucky", totalAmount = Total, shares = Shares });
            var users = await CrowdUser.IssueAsync(api, "o", Users, _ => envelope.Id);

            // Paced so that users keep arriving through the outage; each retries long enough to outlast it.
            var crowd = new GrabCrowd(cluster.Apis.Select(a => a.Client).ToList(), users, new CrowdPace(Concurrency: 40, UsersPerSecond: 100));
            var running = crowd.RunAsync();
            await Eventually.ReturnsAsync(() => Task.FromResult(crowd.Acknowledged), n => n >= AcknowledgedBeforeOutage, Deadline, "grabs before the outage");

            await server.StopAsync();
            var downAt = DateTime.UtcNow;
            // The outage lasts its planned length, and long enough for the clients to have run into it.
            await Eventually.ReturnsAsync(
                () => Task.FromResult(crowd.Events.Count(e => e.SentAt >= downAt && e.Reply.Retryable)),
                failed => failed >= 20 && DateTime.UtcNow - downAt >= Outage,
                Deadline,
                "failed grabs during the outage");
            var upAt = DateTime.UtcNow;
            await server.StartAsync();
            var backAt = DateTime.UtcNow;
            var results = await running;

            var duringOutage = crowd.Events.Where(e => e.SentAt >= downAt && e.SentAt < upAt).ToList();
            var answers = duringOutage.GroupBy(e => $"{e.Reply.Status} {e.Reply.Code}").ToDictionary(g => g.Key, g => g.Count());
            // Fast and retryable: every grab sent while the database is down ends well within the client's timeout,
            // either acknowledged (written before the outage bit) or 503 overloaded (docs/api.md).
            Assert.DoesNotContain(duringOutage, e => e.Reply.Code == "client_timeout");
            Assert.All(duringOutage, e => Assert.True(
                e.Reply.Acknowledged || (e.Reply.Status == 503 && e.Reply.Code == "overloaded"),
                $"a grab during the outage got {e.Reply}"));
            var unfinished = results.Where(r => !r.Acknowledged && !r.Final.Exhausted).Select(r => $"{r.User.UserId}: {r.Final} after {r.Attempts}").ToList();
            Assert.True(unfinished.Count == 0, $"{unfinished.Count} users neither got a share nor saw the envelope exhausted: {string.Join("; ", unfinished.Take(5))}");
            var recovery = FailureFigures.RecoveryAfter(crowd.Events, backAt);
            Assert.True(recovery is not null, "no grab succeeded after the database came back");

            var settled = await Eventually.ReturnsAsync(() => api.GetEnvelopeAsync(admin, envelope.Id), e => e.Status == "settled", Deadline, "the envelope to settle");
            var shares = AcknowledgedGrabs.AssertKept([settled], results);
            var acknowledgedBefore = results.Count(r => r.Acknowledged && crowd.Events.Any(e => e.UserId == r.User.UserId && e.Reply.Acknowledged && e.AnsweredAt < downAt));
            var money = await MoneyAudit.AssertConservedAsync(grains, [.. settled.Grabs.Select(g => g.UserId), "sender"], [envelope.Id]);
            Assert.Equal(0, money.HeldFen);
            Assert.All(settled.Grabs, g => Assert.Equal(g.Amount, money.Wallets[g.UserId].BalanceFen));

            output.WriteLine($"database down for {(upAt - downAt).TotalSeconds:F1} s after {acknowledgedBefore} acknowledged grabs");
            output.WriteLine($"answers to grabs sent during the outage: {string.Join(", ", answers.Select(a => $"{a.Key} ×{a.Value}"))}; slowest {FailureFigures.SlowestAnswer(duringOutage).TotalSeconds:F2} s");
            output.WriteLine($"database restart (crash recovery) took {(backAt - upAt).TotalSeconds:F1} s; recovery (database accepting connections to next acknowledged grab): {recovery!.Value.TotalSeconds:F1} s");
            output.WriteLine($"grabs acknowledged {shares.Acknowledged} of {Shares} shares; lost {shares.Lost}; double {shares.Double}; held without ack {shares.HeldWithoutAck}");
            output.WriteLine($"money: {money}");
        });
    }
}
