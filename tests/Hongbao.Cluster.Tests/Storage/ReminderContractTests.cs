using Hongbao.Cluster.Tests.Infrastructure;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The reminder queries against a real PostgreSQL, as AdoNetReminderTable 10.4.2 calls them.</summary>
[Collection(StorageCollection.Name)]
public sealed class ReminderContractTests(ContractDatabase database) : IClassFixture<ContractDatabase>
{
    private readonly StoredQueries queries = database.Queries;
    private readonly string serviceId = "svc-" + Guid.NewGuid().ToString("N");
    private readonly string otherServiceId = "svc-" + Guid.NewGuid().ToString("N");
    private readonly DateTime start = DateTime.UnixEpoch.AddMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    [Fact]
    public async Task Upsert_starts_at_version_zero_and_re_registering_bumps_it()
    {
        Assert.Equal(0, await UpsertAsync("envelope/e1", "expiry", 100, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await UpsertAsync("envelope/e1", "expiry", 100, TimeSpan.FromMinutes(2)));

        var row = Assert.Single(await queries.QueryAsync("ReadReminderRowKey", [.. Grain("envelope/e1"), Name("expiry")]));
        Assert.Equal("envelope/e1", row["GrainId"]);
        Assert.Equal("expiry", row["ReminderName"]);
        Assert.Equal(start, DateTime.SpecifyKind(Assert.IsType<DateTime>(row["StartTime"]), DateTimeKind.Utc));
        Assert.Equal(120_000L, row["Period"]);
        Assert.Equal(1, row["Version"]);
    }

    [Fact]
    public async Task A_period_beyond_int_range_is_stored_in_milliseconds()
    {
        var period = TimeSpan.FromDays(60);
        await queries.QueryAsync("UpsertReminderRowKey",
            Service(), Arg.Int("GrainHash", 1), Arg.Ansi("GrainId", "envelope/long"), Name("expiry"),
            Arg.Time("StartTime", start), Arg.Long("Period", (long)period.TotalMilliseconds));

        var row = Assert.Single(await queries.QueryAsync("ReadReminderRowKey", [.. Grain("envelope/long"), Name("expiry")]));
        Assert.Equal((long)period.TotalMilliseconds, row["Period"]);
    }

    [Fact]
    public async Task Reads_by_grain_and_by_name()
    {
        await UpsertAsync("envelope/e1", "expiry", 1, TimeSpan.FromMinutes(1));
        await UpsertAsync("envelope/e1", "settle", 1, TimeSpan.FromMinutes(1));
        await UpsertAsync("envelope/e2", "expiry", 2, TimeSpan.FromMinutes(1));

        var rows = await queries.QueryAsync("ReadReminderRowsKey", Grain("envelope/e1"));

        Assert.Equal(["expiry", "settle"], rows.Select(r => (string)r["ReminderName"]!).Order());
        Assert.Empty(await queries.QueryAsync("ReadReminderRowKey", [.. Grain("envelope/e1"), Name("missing")]));
    }

    [Fact]
    public async Task Range_reads_follow_the_signed_hash_ring()
    {
        int[] hashes = [int.MinValue, -1_000_000, -50, -1, 0, 50, 51, 1_000_000, int.MaxValue];
        foreach (var hash in hashes)
        {
            await UpsertAsync("grain/" + hash, "r", hash, TimeSpan.FromMinutes(1));
        }

        // Range 1 (begin < end): (begin, end].
        Assert.Equal(new[] { -1, 0, 50 }, await RangeAsync("ReadRangeRows1Key", -50, 50));
        // Range 2 wraps past int.MaxValue: (begin, MaxValue] and [MinValue, end].
        Assert.Equal(new[] { int.MinValue, -1_000_000, -50, 1_000_000, int.MaxValue }, await RangeAsync("ReadRangeRows2Key", 51, -50));
        // The whole ring: begin == end.
        Assert.Equal(hashes, await RangeAsync("ReadRangeRows2Key", 0, 0));
    }

    [Fact]
    public async Task Delete_needs_the_current_version()
    {
        await UpsertAsync("envelope/e1", "expiry", 1, TimeSpan.FromMinutes(1));
        await UpsertAsync("envelope/e1", "expiry", 1, TimeSpan.FromMinutes(1));

        Assert.False(await queries.FlagAsync("DeleteReminderRowKey", [.. Grain("envelope/e1"), Name("expiry"), Arg.Int("Version", 0)]));
        Assert.Single(await queries.QueryAsync("ReadReminderRowsKey", Grain("envelope/e1")));

        Assert.True(await queries.FlagAsync("DeleteReminderRowKey", [.. Grain("envelope/e1"), Name("expiry"), Arg.Int("Version", 1)]));
        Assert.Empty(await queries.QueryAsync("ReadReminderRowsKey", Grain("envelope/e1")));
        Assert.False(await queries.FlagAsync("DeleteReminderRowKey", [.. Grain("envelope/e1"), Name("expiry"), Arg.Int("Version", 1)]));
    }

    [Fact]
    public async Task Delete_all_clears_only_this_service()
    {
        await UpsertAsync("envelope/e1", "expiry", 1, TimeSpan.FromMinutes(1));
        await UpsertAsync("envelope/e1", "expiry", 1, TimeSpan.FromMinutes(1), otherServiceId);

        await queries.ExecuteAsync("DeleteReminderRowsKey", Service());

        Assert.Empty(await queries.QueryAsync("ReadReminderRowsKey", Grain("envelope/e1")));
        Assert.Single(await queries.QueryAsync("ReadReminderRowsKey", Grain("envelope/e1", otherServiceId)));
    }

    private async Task<int> UpsertAsync(string grainId, string name, int grainHash, TimeSpan period, string? service = null)
    {
        var rows = await queries.QueryAsync("UpsertReminderRowKey",
            Service(service), Arg.Int("GrainHash", grainHash), Arg.Ansi("GrainId", grainId), Name(name),
            Arg.Time("StartTime", start), Arg.Int("Period", (int)period.TotalMilliseconds));
        return Assert.IsType<int>(Assert.Single(rows)["Version"]);
    }

    private async Task<int[]> RangeAsync(string key, int begin, int end)
    {
        var rows = await queries.QueryAsync(key, Service(), Arg.Int("BeginHash", begin), Arg.Int("EndHash", end));
        return [.. rows.Select(r => int.Parse(((string)r["GrainId"]!)["grain/".Length..], System.Globalization.CultureInfo.InvariantCulture)).Order()];
    }

    private Arg Service(string? service = null) => Arg.Text("ServiceId", service ?? serviceId);

    private Arg[] Grain(string grainId, string? service = null) => [Service(service), Arg.Ansi("GrainId", grainId)];

    private static Arg Name(string name) => Arg.Text("ReminderName", name);
}
