using Orleans.Runtime;

namespace Hongbao.Tests.Persistence;

/// <summary>
/// An IPersistentState whose writes complete only when the test says so, and can fail: the storage of
/// a unit test of group commit. Writes record the snapshot they were given.
/// </summary>
public sealed class ScriptedStorage<T>(T initial) : IPersistentState<T>
{
    private readonly Queue<TaskCompletionSource> pendingWrites = new();

    public T State { get; set; } = initial;

    /// <summary>What storage durably holds: the last snapshot whose write succeeded.</summary>
    public T Stored { get; private set; } = initial;

    public List<T> WritesStarted { get; } = [];

    public int Reads { get; private set; }

    public bool FailReads { get; set; }

    public string? Etag => null;

    public bool RecordExists => true;

    public Task WriteStateAsync() => WriteStateAsync(CancellationToken.None);

    public async Task WriteStateAsync(CancellationToken cancellationToken)
    {
        var snapshot = State;
        WritesStarted.Add(snapshot);
        // Continuations run inline when the test completes the write: the group commit stays single-threaded.
        var gate = new TaskCompletionSource();
        pendingWrites.Enqueue(gate);
        await gate.Task;
        Stored = snapshot;
    }

    public void CompleteNextWrite() => pendingWrites.Dequeue().SetResult();

    public void FailNextWrite() => pendingWrites.Dequeue().SetException(new IOException("disk on fire"));

    public Task ReadStateAsync() => ReadStateAsync(CancellationToken.None);

    public Task ReadStateAsync(CancellationToken cancellationToken)
    {
        Reads++;
        if (FailReads)
        {
            return Task.FromException(new IOException("still on fire"));
        }

        State = Stored;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync() => throw new NotSupportedException();

    public Task ClearStateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
