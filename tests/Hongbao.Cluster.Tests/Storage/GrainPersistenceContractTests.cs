using System.Text;
using Hongbao.Cluster.Tests.Infrastructure;

namespace Hongbao.Cluster.Tests.Storage;

/// <summary>The persistence queries against a real PostgreSQL, as AdoNetGrainStorage 10.4.2 calls them.</summary>
[Collection(StorageCollection.Name)]
public sealed class GrainPersistenceContractTests(ContractDatabase database) : IClassFixture<ContractDatabase>
{
    private const string Read = "ReadFromStorageKey";
    private const string Write = "WriteToStorageKey";
    private const string Clear = "ClearStorageKey";

    private readonly StoredQueries queries = database.Queries;
    private readonly string serviceId = "svc-" + Guid.NewGuid().ToString("N");

    public static TheoryData<string> KeyKinds => ["string", "long", "guid", "compound"];

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task Write_then_read_round_trips_and_bumps_the_version(string kind)
    {
        var key = KeyOf(kind);

        Assert.Equal(1, await WriteAsync(key, null, "first"));
        await AssertStoredAsync(key, "first", 1);
        Assert.Equal(2, await WriteAsync(key, 1, "second"));
        await AssertStoredAsync(key, "second", 2);
    }

    [Fact]
    public async Task Never_written_state_reads_no_row()
    {
        Assert.Empty(await queries.QueryAsync(Read, KeyOf("guid").Identity()));
    }

    [Fact]
    public async Task Keys_that_share_hashes_keep_separate_rows()
    {
        var id = Guid.NewGuid();
        GrainKey[] keys =
        [
            GrainKey.String(serviceId, "alice"),
            GrainKey.String(serviceId, "bob"),
            GrainKey.Long(serviceId, 42),
            GrainKey.Long(serviceId, 43),
            GrainKey.Guid(serviceId, id),
            GrainKey.Compound(serviceId, id, "ext"),
            GrainKey.Compound(serviceId, id, "other"),
            GrainKey.Long(serviceId, 42) with { StateName = "envelope" },
            GrainKey.Long("another-" + serviceId, 42),
        ];

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(1, await WriteAsync(keys[i], null, "payload " + i));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            await AssertStoredAsync(keys[i], "payload " + i, 1);
        }
    }

    [Fact]
    public async Task Write_with_a_stale_version_returns_no_row_and_changes_nothing()
    {
        var key = KeyOf("string");
        await WriteAsync(key, null, "v1");
        await WriteAsync(key, 1, "v2");

        Assert.Empty(await queries.QueryAsync(Write, key.Write(1, Payload("stale"))));
        Assert.Empty(await queries.QueryAsync(Write, key.Write(7, Payload("future"))));
        await AssertStoredAsync(key, "v2", 2);
    }

    [Fact]
    public async Task First_write_while_the_row_exists_returns_no_row()
    {
        var key = KeyOf("long");
        await WriteAsync(key, null, "winner");

        Assert.Empty(await queries.QueryAsync(Write, key.Write(null, Payload("late first write"))));
        await AssertStoredAsync(key, "winner", 1);
    }

    [Fact]
    public async Task Update_of_a_row_that_does_not_exist_returns_no_row()
    {
        var key = KeyOf("guid");

        Assert.Empty(await queries.QueryAsync(Write, key.Write(3, Payload("ghost"))));
        Assert.Empty(await queries.QueryAsync(Read, key.Identity()));
    }

    [Fact]
    public async Task Clear_keeps_the_row_without_payload_and_the_next_write_continues_the_versions()
    {
        var key = KeyOf("compound");
        await WriteAsync(key, null, "before clear");

        Assert.Empty(await queries.QueryAsync(Clear, key.Clear(5)));
        var cleared = Assert.Single(await queries.QueryAsync(Clear, key.Clear(1)));
        Assert.Equal(2, Convert.ToInt32(cleared[0], System.Globalization.CultureInfo.InvariantCulture));

        var read = Assert.Single(await queries.QueryAsync(Read, key.Identity()));
        Assert.Null(read["PayloadBinary"]);
        Assert.Equal(2, read["Version"]);

        Assert.Empty(await queries.QueryAsync(Write, key.Write(null, Payload("first write again"))));
        Assert.Equal(3, await WriteAsync(key, 2, "after clear"));
        await AssertStoredAsync(key, "after clear", 3);
    }

    [Fact]
    public async Task Concurrent_first_writes_of_one_state_have_exactly_one_winner()
    {
        const int writers = 32;
        var key = KeyOf("string");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(async i =>
        {
            await go.Task;
            return (Writer: i, Rows: await queries.QueryAsync(Write, key.Write(null, Payload("writer " + i))));
        }).ToList();

        go.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Rows.Count > 0);
        Assert.Equal(1, Assert.Single(winner.Rows)["NewGrainStateVersion"]);
        await AssertStoredAsync(key, "writer " + winner.Writer, 1);
    }

    [Fact]
    public async Task Concurrent_updates_from_one_version_have_exactly_one_winner()
    {
        const int writers = 16;
        var key = KeyOf("guid");
        await WriteAsync(key, null, "base");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, writers).Select(async i =>
        {
            await go.Task;
            return (Writer: i, Rows: await queries.QueryAsync(Write, key.Write(1, Payload("writer " + i))));
        }).ToList();

        go.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Rows.Count > 0);
        await AssertStoredAsync(key, "writer " + winner.Writer, 2);
    }

    private GrainKey KeyOf(string kind) => kind switch
    {
        "string" => GrainKey.String(serviceId, "user-" + Guid.NewGuid().ToString("N")),
        "long" => GrainKey.Long(serviceId, Random.Shared.NextInt64(long.MinValue, long.MaxValue)),
        "guid" => GrainKey.Guid(serviceId, Guid.NewGuid()),
        "compound" => GrainKey.Compound(serviceId, Guid.NewGuid(), "env:1"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown key kind"),
    };

    private async Task<int> WriteAsync(GrainKey key, int? expectedVersion, string payload)
    {
        var row = Assert.Single(await queries.QueryAsync(Write, key.Write(expectedVersion, Payload(payload))));
        return Assert.IsType<int>(row["NewGrainStateVersion"]);
    }

    private async Task AssertStoredAsync(GrainKey key, string payload, int version)
    {
        var row = Assert.Single(await queries.QueryAsync(Read, key.Identity()));
        Assert.Equal(payload, Encoding.UTF8.GetString(Assert.IsType<byte[]>(row["PayloadBinary"])));
        Assert.Equal(version, row["Version"]);
    }

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);
}
