using Hongbao.Contracts.Common;
using Hongbao.Grains.Persistence;

namespace Hongbao.Tests.Persistence;

public sealed class GroupCommitTests
{
    private sealed record Counter(int Value);

    private readonly ScriptedStorage<Counter> storage = new(new Counter(0));
    private readonly List<Counter> reloaded = [];
    private int brokenCalls;
    private readonly GroupCommit<Counter> commit;

    public GroupCommitTests()
    {
        commit = new GroupCommit<Counter>(storage, reloaded.Add, () => brokenCalls++);
        commit.StartFrom(storage.Stored);
    }

    private Task Increment() => commit.ApplyAsync(commit.Working with { Value = commit.Working.Value + 1 });

    [Fact]
    public async Task Changes_made_during_a_write_share_the_next_write_and_none_is_acknowledged_early()
    {
        var first = Increment();
        var second = Increment();
        var third = Increment();

        Assert.Single(storage.WritesStarted);
        Assert.False(first.IsCompleted);

        storage.CompleteNextWrite();
        await first;
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, storage.WritesStarted.Count);
        Assert.Equal(new Counter(3), storage.WritesStarted[1]);

        storage.CompleteNextWrite();
        await Task.WhenAll(second, third);
        Assert.Equal(new Counter(3), commit.Committed);
        Assert.Equal(2, commit.LastBatchChanges);
        Assert.Equal(2, storage.WritesStarted.Count);
    }

    [Fact]
    public async Task A_failed_write_fails_every_change_it_carried_and_every_change_queued_behind_it()
    {
        var durable = Increment();
        storage.CompleteNextWrite();
        await durable;

        var carried = Increment();
        var queued = Increment();
        storage.FailNextWrite();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => carried);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => queued);
        Assert.Equal(1, storage.Reads);
        Assert.Equal(new Counter(1), commit.Working);
        Assert.Equal(new Counter(1), commit.Committed);
        Assert.Equal([new Counter(1)], reloaded);
        Assert.Equal(2, storage.WritesStarted.Count);
    }

    [Fact]
    public async Task After_a_failure_memory_is_what_storage_holds_and_later_changes_are_written()
    {
        var lost = Increment();
        storage.FailNextWrite();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => lost);
        await commit.WhenReadyAsync();

        var next = Increment();
        storage.CompleteNextWrite();
        await next;

        Assert.Equal(new Counter(1), storage.Stored);
    }

    [Fact]
    public async Task When_storage_cannot_even_be_read_back_the_state_is_unusable()
    {
        storage.FailReads = true;
        var lost = Increment();
        storage.FailNextWrite();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => lost);
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await commit.WhenReadyAsync());
        Assert.Equal(1, brokenCalls);
        Assert.Throws<InvalidOperationException>(() => { _ = Increment(); });
    }

    [Fact]
    public async Task WhenDurable_waits_for_the_write_that_holds_the_latest_change()
    {
        var change = Increment();
        var durable = commit.WhenDurableAsync();
        Assert.False(durable.IsCompleted);

        storage.CompleteNextWrite();
        await Task.WhenAll(change, durable);
        Assert.True(commit.WhenDurableAsync().IsCompleted);
    }

    [Fact]
    public async Task A_change_applied_with_the_next_write_starts_no_write_and_rides_on_the_next_one()
    {
        commit.ApplyWithNextWrite(commit.Working with { Value = 10 });
        Assert.Empty(storage.WritesStarted);

        var next = Increment();
        storage.CompleteNextWrite();
        await next;

        Assert.Equal(new Counter(11), storage.Stored);
    }

    [Fact]
    public async Task WhenDurable_fails_when_the_write_holding_the_latest_change_fails()
    {
        var change = Increment();
        // The write is in flight and nothing newer is queued: the answer rides on that write alone.
        var durable = commit.WhenDurableAsync();

        storage.FailNextWrite();

        await Assert.ThrowsAsync<StorageUnavailableException>(() => change);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => durable);
    }

    [Fact]
    public async Task After_a_reload_WhenDurable_completes_because_memory_is_what_storage_holds()
    {
        var lost = Increment();
        storage.FailNextWrite();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => lost);
        await commit.WhenReadyAsync();

        await commit.WhenDurableAsync();
        Assert.Same(commit.Committed, commit.Working);
    }

    [Fact]
    public Task WhenReady_waits_out_a_second_reload_that_starts_before_the_caller_resumes() =>
        SingleThreadedTurns.RunAsync(async () =>
        {
            var first = Increment();
            storage.HoldReads();
            storage.FailNextWrite();
            await Assert.ThrowsAsync<StorageUnavailableException>(() => first);

            // A caller arrives during the first reload and waits for it.
            var caller = WaitThenIncrementAsync();
            storage.ReleaseReads();
            await Task.Yield();

            // The first reload has finished and the caller's turn is queued; before it runs, a second write
            // fails at once and a second reload starts.
            storage.HoldReads();
            storage.FailWritesAtOnce = true;
            await Assert.ThrowsAsync<StorageUnavailableException>(() => Increment());
            storage.FailWritesAtOnce = false;
            await Task.Yield();
            storage.ReleaseReads();
            for (var turn = 0; turn < 10 && storage.WritesWaiting == 0 && !caller.IsCompleted; turn++)
            {
                await Task.Yield();
            }

            Assert.False(caller.IsFaulted, $"the waiting caller failed: {caller.Exception?.InnerException}");
            storage.CompleteNextWrite();

            await caller;
            Assert.Equal(new Counter(1), storage.Stored);
        });

    private async Task WaitThenIncrementAsync()
    {
        await commit.WhenReadyAsync();
        await Increment();
    }
}
