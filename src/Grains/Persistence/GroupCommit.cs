using System.Diagnostics;
using Hongbao.Grains.Telemetry;

namespace Hongbao.Grains.Persistence;

/// <summary>
/// Group commit for one grain's persistent state. Changes are applied in memory to <see cref="Working"/>;
/// at most one storage write is in flight, and every change made meanwhile rides on the next write.
/// Rules (tested in GroupCommitTests):
/// <list type="number">
/// <item>A change's task completes only after a write that holds it has completed: no ack before durability.</item>
/// <item>If a write fails, the changes it carried and every change after them fail; memory is reloaded from
/// storage, so nothing that was refused can later be handed to someone else.</item>
/// <item>While reloading, callers wait in <see cref="WhenReadyAsync"/>; if the reload fails too the state is
/// unusable and callers get <see cref="StorageUnavailableException"/> until the grain deactivates.</item>
/// </list>
/// Not thread-safe: it runs on the grain's scheduler, which serializes turns.
/// </summary>
public sealed class GroupCommit<TState>(IDurableState<TState> storage, Action<TState> onReloaded, Action onBroken)
    where TState : class
{
    private TaskCompletionSource? nextBatch;
    private int nextBatchChanges;
    private Task flushing = Task.CompletedTask;
    private Task latestChangeDurable = Task.CompletedTask;
    private TaskCompletionSource? reloading;
    private bool broken;

    /// <summary>The last state known to be durable.</summary>
    public TState Committed { get; private set; } = null!;

    /// <summary>The state with every change applied, durable or not: what decisions are made on.</summary>
    public TState Working { get; private set; } = null!;

    /// <summary>Starts from the state the activation loaded; called once, from OnActivateAsync.</summary>
    public void StartFrom(TState loaded)
    {
        Committed = loaded;
        Working = loaded;
    }

    /// <summary>Changes waiting for the next write (the one after the write in flight, if any).</summary>
    public int ChangesWaiting => nextBatchChanges;

    /// <summary>How many changes the last completed write carried (for metrics and tests).</summary>
    public int LastBatchChanges { get; private set; }

    /// <summary>Completes at once unless a failed write is being recovered from.</summary>
    public async ValueTask WhenReadyAsync()
    {
        // Another write may fail and start another reload before this caller resumes: check again each time.
        while (reloading is { } pending)
        {
            await pending.Task;
        }

        if (broken)
        {
            throw new StorageUnavailableException("Storage is unavailable; retry shortly.");
        }
    }

    /// <summary>Makes <paramref name="next"/> the working state; the task completes when it is durable.</summary>
    public Task ApplyAsync(TState next)
    {
        if (reloading is not null || broken)
        {
            throw new InvalidOperationException("A change was applied while the state is being recovered; await WhenReadyAsync first.");
        }

        Working = next;
        nextBatch ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nextBatchChanges++;
        var durable = nextBatch.Task;
        latestChangeDurable = durable;
        if (flushing.IsCompleted)
        {
            flushing = FlushAsync();
        }

        return durable;
    }

    /// <summary>
    /// Makes <paramref name="next"/> the working state without asking for a write: it becomes durable with the
    /// next write anyone asks for. For changes that are safe to lose (they are redone after a reload).
    /// </summary>
    public void ApplyWithNextWrite(TState next)
    {
        if (reloading is not null || broken)
        {
            throw new InvalidOperationException("A change was applied while the state is being recovered; await WhenReadyAsync first.");
        }

        Working = next;
    }

    /// <summary>
    /// Completes when every change applied so far is durable, or fails with the write that failed. It follows the
    /// batch of the latest change, not the flush loop: the loop completes normally after a failed write.
    /// </summary>
    public Task WhenDurableAsync() => latestChangeDurable;

    private async Task FlushAsync()
    {
        while (nextBatch is { } batch)
        {
            var changes = nextBatchChanges;
            nextBatch = null;
            nextBatchChanges = 0;
            var snapshot = Working;
            try
            {
                await WriteTracedAsync(snapshot, changes);
            }
            catch (Exception writeError)
            {
                await FailAndReloadAsync(batch, writeError);
                return;
            }

            Committed = snapshot;
            LastBatchChanges = changes;
            HongbaoMetrics.BatchWritten(changes);
            batch.SetResult();
        }
    }

    /// <summary>One span per write: in a trace, it shows how long a grab waited for storage and how many rode along.</summary>
    private async Task WriteTracedAsync(TState snapshot, int changes)
    {
        using var activity = HongbaoTracing.Source.StartActivity("hongbao.group_commit.write");
        activity?.SetTag("hongbao.group_commit.changes", changes);
        try
        {
            await storage.WriteAsync(snapshot);
        }
        catch (Exception error)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            throw;
        }
    }

    private async Task FailAndReloadAsync(TaskCompletionSource failedBatch, Exception writeError)
    {
        // Changes queued behind the failed write were decided on top of it: they fail with it.
        var queuedBatch = nextBatch;
        nextBatch = null;
        nextBatchChanges = 0;
        reloading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failure = new StorageUnavailableException($"The write failed and nothing in it was acknowledged: {writeError.Message}");
        failedBatch.SetException(failure);
        queuedBatch?.SetException(failure);
        try
        {
            // The failed write may still have committed; only storage knows, so reload from it.
            var stored = await storage.ReadAsync();
            Committed = stored;
            Working = stored;
            latestChangeDurable = Task.CompletedTask;
            onReloaded(stored);
        }
        catch (Exception)
        {
            broken = true;
            onBroken();
        }

        var done = reloading;
        reloading = null;
        done.SetResult();
    }
}
