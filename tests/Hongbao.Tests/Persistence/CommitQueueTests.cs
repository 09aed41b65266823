using System.Data.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Storage;
using Hongbao.Storage.Rows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hongbao.Tests.Persistence;

/// <summary>
/// A change refused in a transaction that was rolled back saw rows written by other changes of that transaction,
/// which then may never commit: its refusal is only an answer once it is seen again in a transaction of its own.
/// </summary>
public sealed class CommitQueueTests
{
    private readonly ScriptedRowDatabase database = new();

    [Fact]
    public async Task A_refusal_seen_in_a_rolled_back_transaction_is_not_an_answer_when_the_rest_then_fail()
    {
        await using var queue = new CommitQueue(database, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        var (a, b) = await SubmitTogetherAsync(queue);
        database.Then(changes => CommitAttempt.RolledBack(new Dictionary<RowChange, RowWriteOutcome> { [changes[1]] = RowWriteOutcome.DuplicateOperation }));
        database.Then(_ => throw new IOException("the connection broke during the commit"));
        database.ReleaseBlocker();

        await Assert.ThrowsAsync<IOException>(() => a.Completion);
        await Assert.ThrowsAsync<IOException>(() => b.Completion);
    }

    [Fact]
    public async Task A_refusal_seen_again_alone_is_the_answer()
    {
        await using var queue = new CommitQueue(database, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        var (a, b) = await SubmitTogetherAsync(queue);
        database.Then(changes => CommitAttempt.RolledBack(new Dictionary<RowChange, RowWriteOutcome> { [changes[1]] = RowWriteOutcome.DuplicateOperation }));
        database.Then(_ => CommitAttempt.AllCommitted);
        database.Then(changes => CommitAttempt.RolledBack(new Dictionary<RowChange, RowWriteOutcome> { [changes[0]] = RowWriteOutcome.DuplicateOperation }));
        database.ReleaseBlocker();

        Assert.Equal(RowWriteOutcome.Committed, await a.Completion);
        Assert.Equal(RowWriteOutcome.DuplicateOperation, await b.Completion);
        Assert.Equal(["a,b", "a", "b"], database.Attempts.Skip(1));
    }

    [Fact]
    public async Task A_change_refused_only_because_of_a_rolled_back_neighbour_commits_on_its_own()
    {
        await using var queue = new CommitQueue(database, new StorageOptions(), NullLogger<CommitQueue>.Instance);
        var (a, b) = await SubmitTogetherAsync(queue);
        database.Then(changes => CommitAttempt.RolledBack(new Dictionary<RowChange, RowWriteOutcome>
        {
            [changes[0]] = RowWriteOutcome.VersionConflict,
            [changes[1]] = RowWriteOutcome.DuplicateOperation,
        }));
        database.Then(changes => CommitAttempt.RolledBack(new Dictionary<RowChange, RowWriteOutcome> { [changes[0]] = RowWriteOutcome.VersionConflict }));
        database.Then(_ => CommitAttempt.AllCommitted);
        database.ReleaseBlocker();

        Assert.Equal(RowWriteOutcome.VersionConflict, await a.Completion);
        Assert.Equal(RowWriteOutcome.Committed, await b.Completion);
        Assert.Equal(["a,b", "a", "b"], database.Attempts.Skip(1));
    }

    /// <summary>Queues a and b behind a change the database holds, so the writer takes them as one batch.</summary>
    private async Task<(RowChange A, RowChange B)> SubmitTogetherAsync(CommitQueue queue)
    {
        var blocker = Change("0");
        _ = queue.SubmitAsync(blocker);
        await Eventually.ReturnsAsync(() => Task.FromResult(database.Attempts.Count), count => count == 1, TimeSpan.FromSeconds(10), "the writer holds the first change");
        var a = Change("a");
        var b = Change("b");
        _ = queue.SubmitAsync(b);
        _ = queue.SubmitAsync(a);
        return (a, b);
    }

    private static RowChange Change(string lockKey) =>
        new([new RowStatement("UPDATE t SET v = 1 WHERE k = $1", [lockKey], RowWriteOutcome.VersionConflict)], lockKey);

    private sealed class ScriptedRowDatabase : IRowDatabase
    {
        private readonly TaskCompletionSource blocker = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Queue<Func<IReadOnlyList<RowChange>, CommitAttempt>> script = new();

        /// <summary>The lock keys of each attempt's changes, in order.</summary>
        public List<string> Attempts { get; } = [];

        public void Then(Func<IReadOnlyList<RowChange>, CommitAttempt> attempt)
        {
            lock (script)
            {
                script.Enqueue(attempt);
            }
        }

        public void ReleaseBlocker() => blocker.SetResult();

        public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read) => throw new NotSupportedException();

        public void Bind(DbCommand command, IReadOnlyList<object?> arguments) => throw new NotSupportedException();

        public async Task<CommitAttempt> TryCommitAsync(IReadOnlyList<RowChange> changes)
        {
            lock (script)
            {
                Attempts.Add(string.Join(",", changes.Select(c => c.LockKey)));
            }

            if (Attempts.Count == 1)
            {
                await blocker.Task;
                return CommitAttempt.AllCommitted;
            }

            Func<IReadOnlyList<RowChange>, CommitAttempt> next;
            lock (script)
            {
                next = script.Dequeue();
            }

            return next(changes);
        }
    }
}
