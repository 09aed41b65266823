using Hongbao.Grains.Persistence;

namespace Hongbao.Storage.Rows;

/// <summary>
/// What one transaction did with a batch: the changes that could not apply, with why, and whether the others
/// committed. When a refused change had written nothing, the rest can commit without it; when it had, the whole
/// transaction was rolled back and the rest must be tried again.
/// </summary>
public sealed record CommitAttempt(IReadOnlyDictionary<RowChange, RowWriteOutcome> Refused, bool OthersCommitted)
{
    public static readonly CommitAttempt AllCommitted = new(new Dictionary<RowChange, RowWriteOutcome>(), OthersCommitted: true);

    /// <summary>
    /// Changes the database rejected for their own data (a value it cannot store, a broken constraint): each fails
    /// alone with the database's error; nothing of it was written, and the rest are tried again without it.
    /// </summary>
    public IReadOnlyDictionary<RowChange, Exception> Rejected { get; init; } = new Dictionary<RowChange, Exception>();

    /// <summary>
    /// Set when the database rolled the whole transaction back for a reason of its own (a deadlock, a serialization
    /// failure): nothing of it was written, and every change may be tried again as it is.
    /// </summary>
    public Exception? Retryable { get; init; }

    public static CommitAttempt RolledBack(IReadOnlyDictionary<RowChange, RowWriteOutcome> refused) => new(refused, OthersCommitted: false);

    public static CommitAttempt RolledBackToRetry(Exception error) =>
        new(new Dictionary<RowChange, RowWriteOutcome>(), OthersCommitted: false) { Retryable = error };

    public static CommitAttempt RolledBackRejecting(RowChange change, Exception error) =>
        new(new Dictionary<RowChange, RowWriteOutcome>(), OthersCommitted: false) { Rejected = new Dictionary<RowChange, Exception> { [change] = error } };
}
