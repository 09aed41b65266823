namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// The whole cluster goes down before an envelope expires and comes back after: no silo held the envelope at its
/// expiry and no client touches it afterwards, so only the durable reminder can bring the refund, and it must
/// bring it exactly once.
/// </summary>
[Collection(RestartCollection.Name)]
public sealed class ClusterRestartTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const long Total = 1_000;
    private const int Shares = 10;
    private const int Grabbers = 3;
    private const int TtlSeconds = 8;

    /// <summary>The reminder ticks at expiry and then once a minute (Orleans' minimum period): a restart after expiry waits for the next tick.</summary>
    private static readonly TimeSpan RefundDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_envelope_that_expires_while_the_whole_cluster_is_down_is_refunded_exactly_once_after_the_restart()
    {
        // The API refuses TTLs below this bound; a short one keeps the test short.
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync(), new Dictionary<string, string?> { ["Hongbao:Envelopes:TtlMinSeconds"] = "1" });
        await cluster.RunAsync(output, async () =>
        {
            await cluster.StartAsync(siloCount: 2, apiCount: 1);
            var api = cluster.Apis[0].Client;
            var admin = await api.IssueTokenAsync("admin", admin: true);
            var sender = await api.IssueTokenAsync("sender");
            await api.DepositAsync(admin, "sender", Total);
            // Tokens first, so that the grabs and the shutdown fit well within the TTL.
            var tokens = await CrowdUser.IssueAsync(api, "r", Grabbers, _ => "");
            var envelope = await api.CreateEnvelopeAsync(sender, new { kind = "lucky", totalAmount = Total, shares = Shares, ttlSeconds = TtlSeconds });
            var grabbers = tokens.Select(user => user with { EnvelopeId = envelope.Id }).ToList();
            var grabs = new List<UserResult>();
            foreach (var user in grabbers)
            {
                // 201, or 200 alreadyGrabbed with the same share when an attempt answered 503 had been carried out.
                var reply = await api.GrabAnsweredAsync(user.Token, envelope.Id);
                Assert.True(reply.Acknowledged && reply.Amount >= 1, $"{user.UserId} got {reply}");
                grabs.Add(new UserResult(user, reply, 1));
            }

            var grabbedFen = grabs.Sum(g => g.Final.Amount!.Value);
            var silos = cluster.Silos.ToList();
            await Task.WhenAll([.. silos.Select(cluster.KillAsync), .. cluster.Apis.ToList().Select(cluster.KillAsync)]);
            var downAt = DateTimeOffset.UtcNow;
            Assert.True(downAt < envelope.ExpiresAt, $"the cluster went down at {downAt:O}, after the envelope expired at {envelope.ExpiresAt:O}: the machine is too slow for a {TtlSeconds} s TTL");

            // Nothing runs while the envelope expires.
            await Eventually.ReturnsAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > envelope.ExpiresAt.AddSeconds(1), Deadline, "the envelope to expire");
            var restartedAt = DateTimeOffset.UtcNow;
            await Task.WhenAll(silos.Select(s => cluster.StartSiloAsync(s.SiloPort, s.GatewayPort)));
            var newApi = (await cluster.StartApiAsync()).Client;

            // Only the sender's wallet is watched: reading the envelope would activate it and settle it on the spot.
            var ledger = await Eventually.ReturnsAsync(
                () => newApi.GetMyLedgerAsync(sender),
                entries => entries.Any(e => e.Kind == "refund" && e.EnvelopeId == envelope.Id),
                RefundDeadline,
                "the refund to reach the sender");
            var refundedAt = DateTimeOffset.UtcNow;
            var refunds = ledger.Where(e => e.Kind == "refund" && e.EnvelopeId == envelope.Id).ToList();
            Assert.Equal(Total - grabbedFen, Assert.Single(refunds).Amount);

            var settled = await Eventually.ReturnsAsync(() => newApi.GetEnvelopeAsync(sender, envelope.Id), e => e.Status == "settled", Deadline, "the envelope to settle");
            var shares = AcknowledgedGrabs.AssertKept([settled], grabs);
            var money = await MoneyAudit.AssertConservedAsync(await cluster.ConnectClientAsync(), [.. grabbers.Select(g => g.UserId), "sender"], [envelope.Id]);
            Assert.Equal(0, money.HeldFen);
            Assert.Equal(Total - grabbedFen, money.Wallets["sender"].BalanceFen);
            Assert.All(grabs, g => Assert.Equal(g.Final.Amount, money.Wallets[g.User.UserId].BalanceFen));
            // Read again after settlement: a second refund would have shown by now.
            Assert.Single(await newApi.GetMyLedgerAsync(sender), e => e.Kind == "refund" && e.EnvelopeId == envelope.Id);

            output.WriteLine($"cluster down {(envelope.ExpiresAt - downAt).TotalSeconds:F1} s before expiry, restarted {(restartedAt - envelope.ExpiresAt).TotalSeconds:F1} s after it");
            output.WriteLine($"refund of {refunds[0].Amount} fen (total {Total} - grabbed {grabbedFen}) reached the sender {(refundedAt - restartedAt).TotalSeconds:F1} s after the restart, {(refundedAt - envelope.ExpiresAt).TotalSeconds:F1} s after expiry; refund entries {refunds.Count}");
            output.WriteLine($"grabs acknowledged {shares.Acknowledged}; lost {shares.Lost}; double {shares.Double}");
            output.WriteLine($"money: {money}");
        });
    }
}
