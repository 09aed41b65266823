namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// How fast the cluster notices a dead silo, and that it does not mistake a slow one for a dead one. Every silo is
/// a gateway of the API nodes' Orleans clients, so killing one also takes away a gateway they were using: what
/// clients see must be 503 with Retry-After, never a 500, and the dead silo's envelopes must answer again within
/// seconds (on the shipped membership timings, docs/operations.md).
/// </summary>
[Collection(FailureCollection.Name)]
public sealed class DeadSiloTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Envelopes = 9;
    private const long TotalEach = 1_000;
    private const int SiloStatusActive = 3;

    /// <summary>
    /// The longest a client retrying 503s may wait for an envelope of a killed silo. Calls caught in flight by the
    /// kill fail at once (GatewayLoss), so this is the time membership takes to declare the silo dead and the
    /// envelopes to activate elsewhere. The target is 5 s, met when this test runs on its own (3.1–4.6 s,
    /// docs/operations.md); in CI it shares two cores with the other test projects, where one run took 6.5 s, so the
    /// bound here is the regression line: it still fails Orleans' own timings (24 s, and 500s).
    /// </summary>
    private static readonly TimeSpan UnavailableMax = TimeSpan.FromSeconds(8);

    /// <summary>The bound on the 503s themselves: a retrying client stops being refused within 5 s of the kill.</summary>
    private static readonly TimeSpan RefusingMax = TimeSpan.FromSeconds(5);

    /// <summary>A pause as long as a bad garbage-collection pause: it must not cost the silo its membership.</summary>
    private static readonly TimeSpan PauseLength = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Orleans' own membership and gateway timings, which Hongbao's defaults replace: the "before" in docs/operations.md.</summary>
    private static readonly Dictionary<string, string?> OrleansTimings = new()
    {
        ["Hongbao:Cluster:Membership:ProbeTimeout"] = "00:00:05",
        ["Hongbao:Cluster:Membership:NumMissedProbesLimit"] = "3",
        ["Hongbao:Cluster:Membership:NumVotesForDeathDeclaration"] = "2",
        ["Hongbao:Cluster:Membership:TableRefreshTimeout"] = "00:01:00",
        ["Hongbao:Cluster:Membership:IAmAliveTablePublishTimeout"] = "00:05:00",
        ["Hongbao:Cluster:Gateway:GatewayListRefreshPeriod"] = "00:01:00",
        ["Hongbao:Cluster:Messaging:ResponseTimeout"] = "00:00:30",
    };

    [Fact]
    public async Task Killing_a_silo_never_answers_500_and_its_envelopes_answer_again_within_seconds()
    {
        var (unavailable, refusing, events) = await KillASiloUnderTrafficAsync(settings: null);

        AssertNothingBroken(events);
        Assert.True(refusing <= RefusingMax, $"503s came until {refusing.TotalSeconds:F1} s after the kill (at most {RefusingMax.TotalSeconds} s)");
        Assert.True(unavailable <= UnavailableMax, $"the dead silo's envelopes were unavailable for {unavailable.TotalSeconds:F1} s (at most {UnavailableMax.TotalSeconds} s)");
    }

    /// <summary>The same kill on Orleans' default timings, for the before/after figure in docs/operations.md (run by name).</summary>
    [Fact(Explicit = true)]
    public async Task With_Orleans_default_timings_killing_a_silo_still_never_answers_500()
    {
        // Orleans' 30 s grain-call timeout outlasts the test client's own 20 s: no answer in time is expected here.
        var (_, _, events) = await KillASiloUnderTrafficAsync(OrleansTimings);

        Assert.DoesNotContain(events, p => p.Status >= 500 && !p.Unavailable);
    }

    [Fact]
    public async Task A_silo_paused_for_two_seconds_is_not_declared_dead()
    {
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync());
        await cluster.RunAsync(output, async () =>
        {
            await cluster.StartAsync(siloCount: 3, apiCount: 2);
            var grains = await cluster.ConnectClientAsync();
            var (envelopes, traffic) = await PrepareTrafficAsync(cluster);
            using var stop = new CancellationTokenSource();
            var running = traffic.RunAsync(stop.Token);
            await WaitUntilAnsweredAsync(traffic, envelopes, since: DateTime.MinValue, "every envelope to answer before the pause");

            var hosts = await HostsAsync(cluster, grains, envelopes);
            var paused = hosts[envelopes[0]];
            var itsEnvelopes = envelopes.Where(id => hosts[id] == paused).ToList();
            await paused.Process.PauseAsync();
            var pausedAt = DateTime.UtcNow;
            // The pause is the fault under test, and its length is the experiment's parameter: the traffic keeps
            // running meanwhile.
            await Eventually.ReturnsAsync(() => Task.FromResult(DateTime.UtcNow - pausedAt), paused => paused >= PauseLength, Deadline, "the pause to last");
            await paused.Process.ResumeAsync();
            var resumedAt = DateTime.UtcNow;

            await WaitUntilAnsweredAsync(traffic, itsEnvelopes, since: resumedAt, "the paused silo's envelopes to answer again");
            // Had the pause looked like a death, the votes would have been cast during it and the declaration would
            // follow within the time a real death takes to be noticed: watch that long.
            await Eventually.ReturnsAsync(() => Task.FromResult(traffic.Events.Any(p => p.SentAt >= resumedAt + UnavailableMax)), sent => sent, Deadline, "traffic past the detection window");
            stop.Cancel();
            await running;

            var (status, suspicions) = await cluster.MembershipOfAsync(paused);
            output.WriteLine($"paused {paused.Process.Name} for {(resumedAt - pausedAt).TotalSeconds:F1} s; membership status {status}; suspicion votes: {suspicions ?? "none"}");
            output.WriteLine($"requests: {Summary(traffic.Events)}");
            Assert.False(paused.Process.HasExited, $"{paused.Process.Name} exited after the pause:\n{paused.Process.LogTail}");
            Assert.Equal(SiloStatusActive, status);
            var hostsAfter = await Task.WhenAll(itsEnvelopes.Select(id => cluster.HostOfAsync(grains, id)));
            Assert.All(hostsAfter, host => Assert.Equal(paused, host));
            AssertNothingBroken(traffic.Events);
            await MoneyAudit.AssertConservedAsync(grains, Wallets(traffic), envelopes);
        });
    }

    /// <summary>Kills the silo hosting the most envelopes under steady traffic; returns how long its envelopes were unavailable, and every request.</summary>
    private async Task<(TimeSpan Unavailable, TimeSpan Refusing, IReadOnlyCollection<ProbeEvent> Events)> KillASiloUnderTrafficAsync(IReadOnlyDictionary<string, string?>? settings)
    {
        await using var cluster = new ProcessCluster(await server.CreateDatabaseAsync(), settings);
        var unavailable = TimeSpan.Zero;
        var refusing = TimeSpan.Zero;
        List<ProbeEvent> events = [];
        await cluster.RunAsync(output, async () =>
        {
            // As scripts/cluster.sh starts a cluster: the API nodes come up while the first silo is the only
            // gateway, and every envelope is first activated on it; then two more silos join. The joining silos
            // take over part of the grain directory, and while its entries move Orleans may activate an envelope
            // again elsewhere, so where the envelopes are is asked right before the kill. The silo that hosts the
            // most of them is killed (the first one unless envelopes moved): that takes away a gateway the API
            // nodes were using and the activations of the envelopes watched.
            var first = await cluster.StartSiloAsync();
            await Task.WhenAll(cluster.StartApiAsync(), cluster.StartApiAsync());
            var (envelopes, traffic) = await PrepareTrafficAsync(cluster);
            using var stop = new CancellationTokenSource();
            var running = traffic.RunAsync(stop.Token);
            await WaitUntilAnsweredAsync(traffic, envelopes, since: DateTime.MinValue, "every envelope to answer before the kill");
            await Task.WhenAll(cluster.StartSiloAsync(), cluster.StartSiloAsync());
            var grains = await cluster.ConnectClientAsync();
            var hosts = await HostsAsync(cluster, grains, envelopes);
            var victim = hosts.Values.GroupBy(host => host).OrderByDescending(g => g.Count()).ThenBy(g => g.Key == first ? 0 : 1).First().Key;
            var itsEnvelopes = envelopes.Where(id => hosts[id] == victim).ToList();

            await cluster.KillAsync(victim);
            var killedAt = DateTime.UtcNow;

            await WaitUntilAnsweredAsync(traffic, itsEnvelopes, since: killedAt, "the dead silo's envelopes to answer again");
            var recoveredAt = DateTime.UtcNow;
            // Keep the traffic up a while after the recovery: a 500 after it counts as much as one during it.
            await Eventually.ReturnsAsync(() => Task.FromResult(traffic.Events.Any(p => p.SentAt >= recoveredAt + UnavailableMax)), sent => sent, Deadline, "traffic after the recovery");
            stop.Cancel();
            await running;

            events = [.. traffic.Events];
            unavailable = itsEnvelopes.Max(id => events.Where(p => p.Target == id && p.Answered && p.SentAt > killedAt).Min(p => p.AnsweredAt)) - killedAt;
            refusing = (events.Where(p => p.Unavailable).Select(p => (DateTime?)p.AnsweredAt).Max() ?? killedAt) - killedAt;
            output.WriteLine($"killed {victim.Process.Name} ({(victim == first ? "the first silo" : "a silo that joined")}), host of {itsEnvelopes.Count} of {envelopes.Count} envelopes; "
                + "before the kill: " + string.Join(", ", hosts.Values.GroupBy(h => h.Process.Name).Select(g => $"{g.Key} ×{g.Count()}")));
            output.WriteLine($"its envelopes answered again {unavailable.TotalSeconds:F1} s after the kill; last 503 {refusing.TotalSeconds:F1} s after it");
            output.WriteLine($"requests: {Summary(events)}");
            output.WriteLine("failed requests (sent → answered, seconds after the kill): " + string.Join(", ", events
                .Where(p => !p.Answered).OrderBy(p => p.SentAt)
                .Select(p => $"{p.Target[..Math.Min(12, p.Target.Length)]} {(p.SentAt - killedAt).TotalSeconds:F1}→{(p.AnsweredAt - killedAt).TotalSeconds:F1} {p.Status}")));
            await MoneyAudit.AssertConservedAsync(grains, Wallets(traffic), envelopes);
        });
        return (unavailable, refusing, events);
    }

    /// <summary>Envelopes to watch, each with one watching user, and the traffic through every API node started.</summary>
    private static async Task<(IReadOnlyList<string> Envelopes, SteadyTraffic Traffic)> PrepareTrafficAsync(ProcessCluster cluster)
    {
        var api = cluster.Apis[0].Client;
        var admin = await api.IssueTokenAsync("admin", admin: true);
        var envelopes = await api.FundAndCreateLuckyAsync(admin, "sender", Envelopes, TotalEach, sharesEach: 10);

        var watchers = await CrowdUser.IssueAsync(api, "w", Envelopes, i => envelopes[i]);
        return (envelopes, new SteadyTraffic(cluster.Apis.Select(a => a.Client).ToList(), admin, watchers));
    }

    /// <summary>
    /// Where each envelope is active now. The traffic keeps every envelope active, but a directory entry that is
    /// moving to a silo that just joined may be missing for a moment: ask again until every envelope has a host.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, SiloNode>> HostsAsync(ProcessCluster cluster, IClusterClient grains, IReadOnlyList<string> envelopes)
    {
        var hosts = await Eventually.ReturnsAsync(
            () => Task.WhenAll(envelopes.Select(id => cluster.FindHostAsync(grains, id))),
            found => found.All(host => host is not null),
            Deadline,
            "every envelope to have a host");
        return envelopes.Select((id, i) => (id, Host: hosts[i]!)).ToDictionary(pair => pair.id, pair => pair.Host);
    }

    private static Task WaitUntilAnsweredAsync(SteadyTraffic traffic, IReadOnlyCollection<string> envelopes, DateTime since, string what) =>
        Eventually.ReturnsAsync(
            () => Task.FromResult(envelopes.All(id => traffic.Events.Any(p => p.Target == id && p.Answered && p.SentAt > since))),
            all => all,
            Deadline,
            what);

    private static void AssertNothingBroken(IReadOnlyCollection<ProbeEvent> events)
    {
        var broken = events.Where(p => p.Broken).ToList();
        Assert.True(broken.Count == 0, $"{broken.Count} requests got neither an answer nor a 503: {string.Join("; ", broken.Take(5))}");
    }

    private static IEnumerable<string> Wallets(SteadyTraffic traffic) =>
        [.. Enumerable.Range(0, Envelopes).Select(i => $"w{i:D5}"), "sender", .. traffic.DepositWallets];

    private static string Summary(IEnumerable<ProbeEvent> events) =>
        string.Join(", ", events.GroupBy(p => $"{p.Status} {p.Code}".Trim()).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}"));
}
