using Hongbao.Grains.Persistence;

namespace Hongbao.Storage.Rows;

/// <summary>
/// One grain's change, as statements that commit together or not at all, waiting in the <see cref="CommitQueue"/>
/// for the transaction that will hold it. <see cref="LockKey"/> names the row it locks first (table and key): a batch
/// takes its locks in that order, so two writers sharing rows wait for each other and never deadlock.
/// </summary>
public sealed class RowChange(IReadOnlyList<RowStatement> statements, string lockKey)
{
    private readonly TaskCompletionSource<RowWriteOutcome> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<RowStatement> Statements { get; } = statements;

    public string LockKey { get; } = lockKey;

    /// <summary>About how many bytes the change sends to the database: what bounds a batch besides its count.</summary>
    public long Bytes { get; } = statements.Sum(s => s.Arguments.Sum(a => a is byte[] bytes ? bytes.Length : 16L));

    public Task<RowWriteOutcome> Completion => completion.Task;

    public void Complete(RowWriteOutcome outcome) => completion.TrySetResult(outcome);

    public void Fail(Exception error) => completion.TrySetException(error);
}
