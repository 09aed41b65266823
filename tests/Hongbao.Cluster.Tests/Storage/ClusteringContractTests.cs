using Hongbao.Cluster.Tests.Infrastructure;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The membership and gateway-list queries against a real PostgreSQL, as AdoNetClusteringTable 10.4.2 calls them.</summary>
[Collection(StorageCollection.Name)]
public sealed class ClusteringContractTests(ContractDatabase database) : IClassFixture<ContractDatabase>
{
    private readonly StoredQueries queries = database.Queries;
    private readonly string deploymentId = "cluster-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Version_row_is_created_once_and_read_with_no_member()
    {
        Assert.True(await queries.FlagAsync("InsertMembershipVersionKey", Deployment()));
        Assert.False(await queries.FlagAsync("InsertMembershipVersionKey", Deployment()));

        var row = Assert.Single(await queries.QueryAsync("MembershipReadAllKey", Deployment()));
        Assert.Equal(0, row["Version"]);
        Assert.Null(row["StartTime"]);
        Assert.Null(row["Address"]);
    }

    [Fact]
    public async Task Insert_member_bumps_the_version_and_reads_back_exactly()
    {
        await CreateVersionRowAsync();
        var member = Member.Create(deploymentId, 11111);

        Assert.True(await queries.FlagAsync("InsertMembershipKey", member.Insert(0)));

        var row = Assert.Single(await queries.QueryAsync("MembershipReadRowKey", member.Key()));
        Assert.Equal(1, row["Version"]);
        Assert.Equal(member.Address, row["Address"]);
        Assert.Equal(member.Port, row["Port"]);
        Assert.Equal(member.Generation, row["Generation"]);
        Assert.Equal("silo-11111", row["SiloName"]);
        Assert.Equal("host-11111", row["HostName"]);
        Assert.Equal(Member.Active, row["Status"]);
        Assert.Equal(member.ProxyPort, row["ProxyPort"]);
        Assert.Null(row["SuspectTimes"]);
        // The server runs in Asia/Shanghai: a zone-less timestamp would come back shifted by hours.
        Assert.Equal(member.StartTime, ToUtc(row["StartTime"]));
        Assert.Equal(member.IAmAliveTime, ToUtc(row["IAmAliveTime"]));
    }

    [Fact]
    public async Task Insert_with_a_stale_version_or_a_duplicate_member_changes_nothing()
    {
        await CreateVersionRowAsync();
        var first = Member.Create(deploymentId, 11111);
        var second = Member.Create(deploymentId, 11112);
        Assert.True(await queries.FlagAsync("InsertMembershipKey", first.Insert(0)));

        Assert.False(await queries.FlagAsync("InsertMembershipKey", second.Insert(0)));
        Assert.False(await queries.FlagAsync("InsertMembershipKey", first.Insert(1)));

        var rows = await queries.QueryAsync("MembershipReadAllKey", Deployment());
        var only = Assert.Single(rows);
        Assert.Equal(first.Port, only["Port"]);
        Assert.Equal(1, only["Version"]);
    }

    [Fact]
    public async Task Insert_without_a_version_row_fails()
    {
        Assert.False(await queries.FlagAsync("InsertMembershipKey", Member.Create(deploymentId, 11111).Insert(0)));
    }

    [Fact]
    public async Task Update_member_needs_the_current_version_and_bumps_it()
    {
        await CreateVersionRowAsync();
        var member = Member.Create(deploymentId, 11111, status: Member.Joining);
        Assert.True(await queries.FlagAsync("InsertMembershipKey", member.Insert(0)));
        var alive = member.IAmAliveTime.AddSeconds(5);
        const string suspicion = "127.0.0.1:11112@154602135,2026-11-25 05:57:06.973 GMT";

        Assert.False(await queries.FlagAsync("UpdateMembershipKey", member.Update(0, Member.Dead, null, alive)));
        Assert.True(await queries.FlagAsync("UpdateMembershipKey", member.Update(1, Member.Active, suspicion, alive)));

        var row = Assert.Single(await queries.QueryAsync("MembershipReadRowKey", member.Key()));
        Assert.Equal(2, row["Version"]);
        Assert.Equal(Member.Active, row["Status"]);
        Assert.Equal(suspicion, row["SuspectTimes"]);
        Assert.Equal(alive, ToUtc(row["IAmAliveTime"]));
    }

    [Fact]
    public async Task Update_of_a_missing_member_does_not_bump_the_version()
    {
        await CreateVersionRowAsync();
        var ghost = Member.Create(deploymentId, 11111);

        Assert.False(await queries.FlagAsync("UpdateMembershipKey", ghost.Update(0, Member.Dead, null, ghost.IAmAliveTime)));

        Assert.Equal(0, Assert.Single(await queries.QueryAsync("MembershipReadAllKey", Deployment()))["Version"]);
    }

    [Fact]
    public async Task Concurrent_inserts_at_one_version_have_exactly_one_winner()
    {
        await CreateVersionRowAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            await go.Task;
            return await queries.FlagAsync("InsertMembershipKey", Member.Create(deploymentId, 12000 + i).Insert(0));
        }).ToList();

        go.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, inserted => inserted);
        var row = Assert.Single(await queries.QueryAsync("MembershipReadAllKey", Deployment()));
        Assert.Equal(1, row["Version"]);
    }

    [Fact]
    public async Task Read_all_returns_every_member_with_the_table_version()
    {
        await CreateVersionRowAsync();
        Assert.True(await queries.FlagAsync("InsertMembershipKey", Member.Create(deploymentId, 11111).Insert(0)));
        Assert.True(await queries.FlagAsync("InsertMembershipKey", Member.Create(deploymentId, 11112).Insert(1)));

        var rows = await queries.QueryAsync("MembershipReadAllKey", Deployment());

        Assert.Equal([11111, 11112], rows.Select(r => (int)r["Port"]!).Order());
        Assert.All(rows, r => Assert.Equal(2, r["Version"]));
    }

    [Fact]
    public async Task Read_row_of_an_absent_member_still_returns_the_version()
    {
        await CreateVersionRowAsync();
        Assert.True(await queries.FlagAsync("InsertMembershipKey", Member.Create(deploymentId, 11111).Insert(0)));

        var row = Assert.Single(await queries.QueryAsync("MembershipReadRowKey", Member.Create(deploymentId, 19999).Key()));

        Assert.Equal(1, row["Version"]);
        Assert.Null(row["StartTime"]);
    }

    [Fact]
    public async Task Gateways_are_the_active_members_with_a_proxy_port()
    {
        await CreateVersionRowAsync();
        Member[] members =
        [
            Member.Create(deploymentId, 11111),
            Member.Create(deploymentId, 11112, proxyPort: 0),
            Member.Create(deploymentId, 11113, status: Member.Joining),
            Member.Create(deploymentId, 11114, status: Member.Dead),
            Member.Create(deploymentId, 11115, proxyPort: 30005),
        ];
        for (var i = 0; i < members.Length; i++)
        {
            Assert.True(await queries.FlagAsync("InsertMembershipKey", members[i].Insert(i)));
        }

        var gateways = await queries.QueryAsync("GatewaysQueryKey", Deployment(), Arg.Int("Status", Member.Active));

        Assert.Equal([30000, 30005], gateways.Select(g => (int)g["ProxyPort"]!).Order());
        Assert.All(gateways, g => Assert.Equal("127.0.0.1", g["Address"]));
        Assert.Contains(gateways, g => (int)g["Generation"]! == members[0].Generation);
    }

    [Fact]
    public async Task Heartbeat_moves_the_alive_time_but_not_the_version()
    {
        await CreateVersionRowAsync();
        var member = Member.Create(deploymentId, 11111);
        Assert.True(await queries.FlagAsync("InsertMembershipKey", member.Insert(0)));
        var later = member.IAmAliveTime.AddSeconds(30);

        await queries.ExecuteAsync("UpdateIAmAlivetimeKey", member.Heartbeat(later));

        var row = Assert.Single(await queries.QueryAsync("MembershipReadRowKey", member.Key()));
        Assert.Equal(later, ToUtc(row["IAmAliveTime"]));
        Assert.Equal(1, row["Version"]);
    }

    [Fact]
    public async Task Delete_removes_members_and_version_and_the_cluster_can_start_over()
    {
        await CreateVersionRowAsync();
        Assert.True(await queries.FlagAsync("InsertMembershipKey", Member.Create(deploymentId, 11111).Insert(0)));

        await queries.ExecuteAsync("DeleteMembershipTableEntriesKey", Deployment());

        Assert.Empty(await queries.QueryAsync("MembershipReadAllKey", Deployment()));
        Assert.True(await queries.FlagAsync("InsertMembershipVersionKey", Deployment()));
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_members_older_than_the_cutoff()
    {
        await CreateVersionRowAsync();
        var cutoff = DateTime.UtcNow.AddDays(-7);
        var oldDead = Member.Create(deploymentId, 11111, status: Member.Dead, aliveAt: cutoff.AddHours(-1));
        var oldActive = Member.Create(deploymentId, 11112, aliveAt: cutoff.AddHours(-1));
        var recentDead = Member.Create(deploymentId, 11113, status: Member.Dead);
        Assert.True(await queries.FlagAsync("InsertMembershipKey", oldDead.Insert(0)));
        Assert.True(await queries.FlagAsync("InsertMembershipKey", oldActive.Insert(1)));
        Assert.True(await queries.FlagAsync("InsertMembershipKey", recentDead.Insert(2)));

        await queries.ExecuteAsync("CleanupDefunctSiloEntriesKey", Deployment(), Arg.Time("IAmAliveTime", cutoff));

        var rows = await queries.QueryAsync("MembershipReadAllKey", Deployment());
        Assert.Equal([11112, 11113], rows.Select(r => (int)r["Port"]!).Order());
    }

    private Arg Deployment() => Arg.Text("DeploymentId", deploymentId);

    private async Task CreateVersionRowAsync() => Assert.True(await queries.FlagAsync("InsertMembershipVersionKey", Deployment()));

    /// <summary>The provider reads times with GetDateTime and marks them UTC.</summary>
    private static DateTime ToUtc(object? value) => DateTime.SpecifyKind(Assert.IsType<DateTime>(value), DateTimeKind.Utc);
}
