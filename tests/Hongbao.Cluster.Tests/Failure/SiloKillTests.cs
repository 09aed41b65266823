namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// kill -9 of the silo that hosts a hot envelope while hundreds of users grab it through two API nodes: the
/// envelope reactivates on a survivor from its last durable write, and what any client was told still holds.
/// </summary>
[Collection(FailureCollection.Name)]
public sealed class SiloKillTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Shares = 600;
    private const long Total = 60_000;
    private const int Users = 800;
    private const int AcknowledgedBeforeKill = 150;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_the_silo_hosting_a_hot_envelope_loses_no_acknowledged_grab_and_conserves_money()
    {
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync());
        await cluster.RunAsync(output, async () =>
        {
            await cluster.StartAsync(siloCount: 3, apiCount: 2);
            var grains = await cluster.ConnectClientAsync();
            var api = cluster.Apis[0].Client;
            var admin = await api.IssueTokenAsync("admin", admin: true);
            await api.DepositAsync(admin, "sender", Total);
            var envelope = await api.CreateEnvelopeAsync(await api.IssueTokenAsync("sender"), new { kind = "lucky", totalAmount = Total, shares = Shares });
            var users = await CrowdUser.IssueAsync(api, "k", Users, _ => envelope.Id);

            // More users than shares, so that the crowd exhausts the envelope, arriving over a few seconds so
            // that many of them grab after the kill.
            var crowd = new GrabCrowd(cluster.Apis.Select(a => a.Client).ToList(), users, new CrowdPace(Concurrency: 200, UsersPerSecond: 150));
            var running = crowd.RunAsync();
            await Eventually.ReturnsAsync(() => Task.FromResult(crowd.Acknowledged), n => n >= AcknowledgedBeforeKill, Deadline, "grabs before the kill");

            // The worst silo to lose is the one holding the envelope: its in-flight group-commit write dies with it
            // and the envelope must move. Killing any silo would often only cost a gateway.
            var host = await cluster.HostOfAsync(grains, envelope.Id);
            var acknowledgedAtKill = crowd.Acknowledged;
            await cluster.KillAsync(host);
            var killedAt = DateTime.UtcNow; // the process is gone: whatever is acknowledged from now on, a survivor did
            var results = await running;
            var newHost = await cluster.HostOfAsync(grains, envelope.Id);

            Assert.DoesNotContain(crowd.Events, e => e.Reply.Code == "client_timeout");
            var unfinished = results.Where(r => !r.Acknowledged && !r.Final.Exhausted).Select(r => $"{r.User.UserId}: {r.Final} after {r.Attempts}").ToList();
            Assert.True(unfinished.Count == 0, $"{unfinished.Count} users neither got a share nor saw the envelope exhausted: {string.Join("; ", unfinished.Take(5))}");

            var reader = cluster.Apis[1].Client;
            var settled = await Eventually.ReturnsAsync(() => reader.GetEnvelopeAsync(admin, envelope.Id), e => e.Status == "settled", Deadline, "the envelope to settle");
            Assert.Equal(0, settled.RemainingShares);
            var shares = AcknowledgedGrabs.AssertKept([settled], results);

            var money = await MoneyAudit.AssertConservedAsync(grains, [.. settled.Grabs.Select(g => g.UserId), "sender"], [envelope.Id]);
            Assert.Equal(0, money.HeldFen);
            Assert.Equal(Total, money.DepositedFen);
            Assert.All(settled.Grabs, g => Assert.Equal(g.Amount, money.Wallets[g.UserId].BalanceFen));
            Assert.Equal(0, money.Wallets["sender"].BalanceFen);

            output.WriteLine($"killed {host.Process.Name} (host of {envelope.Id}) after {acknowledgedAtKill} acknowledged grabs; the envelope moved to {newHost.Process.Name}");
            output.WriteLine($"grabs acknowledged {shares.Acknowledged} of {Shares} shares; lost {shares.Lost}; double {shares.Double}; held without ack {shares.HeldWithoutAck}");
            output.WriteLine($"recovery (kill to next acknowledged grab): {FailureFigures.RecoveryAfter(crowd.Events, killedAt)?.TotalSeconds:F1} s");
            output.WriteLine($"longest time without an acknowledged grab: {FailureFigures.LongestGap(crowd.Events).TotalSeconds:F1} s");
            output.WriteLine($"failed requests (retried): {FailureFigures.Failures(crowd.Events)}; slowest answer {FailureFigures.SlowestAnswer(crowd.Events).TotalSeconds:F1} s");
            output.WriteLine($"money: {money}");
        });
    }
}
