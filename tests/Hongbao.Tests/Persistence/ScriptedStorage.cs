using Hongbao.Grains.Persistence;

namespace Hongbao.Tests.Persistence;

/// <summary>
/// Durable state whose writes complete only when the test says so, and can fail: the storage of a unit test
/// of group commit. Writes record the snapshot they were given.
/// </summary>
public sealed class ScriptedStorage<T>(T initial) : IDurableState<T>
{
    private readonly Queue<TaskCompletionSource> pendingWrites = new();
    private TaskCompletionSource? heldReads;

    /// <summary>What storage durably holds: the last snapshot whose write succeeded.</summary>
    public T Stored { get; private set; } = initial;

    public List<T> WritesStarted { get; } = [];

    public int Reads { get; private set; }

    public int WritesWaiting => pendingWrites.Count;

    public bool FailReads { get; set; }

    /// <summary>Writes fail as soon as they start, without waiting for the test.</summary>
    public bool FailWritesAtOnce { get; set; }

    public async Task WriteAsync(T snapshot)
    {
        WritesStarted.Add(snapshot);
        if (FailWritesAtOnce)
        {
            throw new IOException("disk already on fire");
        }

        // Continuations run inline when the test completes the write: the group commit stays single-threaded.
        var gate = new TaskCompletionSource();
        pendingWrites.Enqueue(gate);
        await gate.Task;
        Stored = snapshot;
    }

    public void CompleteNextWrite() => pendingWrites.Dequeue().SetResult();

    public void FailNextWrite() => pendingWrites.Dequeue().SetException(new IOException("disk on fire"));

    /// <summary>Reads from now on wait until <see cref="ReleaseReads"/>.</summary>
    public void HoldReads() => heldReads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseReads()
    {
        var held = heldReads;
        heldReads = null;
        held?.SetResult();
    }

    public async Task<T> ReadAsync()
    {
        Reads++;
        if (heldReads is { } held)
        {
            await held.Task;
        }

        return FailReads ? throw new IOException("still on fire") : Stored;
    }
}
