using System.Data.Common;
using Hongbao.Storage.Rows;

namespace Hongbao.Testing;

/// <summary>
/// A real row database whose writer can be held at its first transaction, so that a test queues changes behind it
/// and knows they will share the next one; it can also fail a transaction outright.
/// </summary>
public sealed class PausableRowDatabase(IRowDatabase inner) : IRowDatabase
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<int> attempts = [];
    private bool held = true;

    /// <summary>Changes offered to each transaction attempt, in order (a retry after refusals is an attempt of its own).</summary>
    public IReadOnlyList<int> Attempts
    {
        get
        {
            lock (attempts)
            {
                return [.. attempts];
            }
        }
    }

    /// <summary>When set, the next transaction of more than one change throws before touching the database.</summary>
    public Exception? FailNextBatch { get; set; }

    /// <summary>Completes once the writer is held inside its first transaction.</summary>
    public Task Holding => holding.Task;

    public void Release() => released.TrySetResult();

    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read) => inner.ReadAsync(read);

    public void Bind(DbCommand command, IReadOnlyList<object?> arguments) => inner.Bind(command, arguments);

    public async Task<CommitAttempt> TryCommitAsync(IReadOnlyList<RowChange> changes)
    {
        if (held)
        {
            held = false;
            holding.TrySetResult();
            await released.Task;
        }

        lock (attempts)
        {
            attempts.Add(changes.Count);
        }

        if (changes.Count > 1 && FailNextBatch is { } failure)
        {
            FailNextBatch = null;
            throw failure;
        }

        return await inner.TryCommitAsync(changes);
    }
}
