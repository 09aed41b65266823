using Hongbao.Grains.Persistence;

namespace Hongbao.Tests.Persistence;

/// <summary>
/// Durable state whose writes complete only when the test says so, and can fail: the storage of a unit test
/// of group commit. Writes record the snapshot they were given.
/// </summary>
public sealed class ScriptedStorage<T>(T initial) : IDurableState<T>
{
    private readonly Queue<TaskCompletionSource> pendingWrites = new();

    /// <summary>What storage durably holds: the last snapshot whose write succeeded.</summary>
    public T Stored { get; private set; } = initial;

    public List<T> WritesStarted { get; } = [];

    public int Reads { get; private set; }

    public bool FailReads { get; set; }

    public async Task WriteAsync(T snapshot)
    {
        WritesStarted.Add(snapshot);
        // Continuations run inline when the test completes the write: the group commit stays single-threaded.
        var gate = new TaskCompletionSource();
        pendingWrites.Enqueue(gate);
        await gate.Task;
        Stored = snapshot;
    }

    public void CompleteNextWrite() => pendingWrites.Dequeue().SetResult();

    public void FailNextWrite() => pendingWrites.Dequeue().SetException(new IOException("disk on fire"));

    public Task<T> ReadAsync()
    {
        Reads++;
        return FailReads ? Task.FromException<T>(new IOException("still on fire")) : Task.FromResult(Stored);
    }
}
