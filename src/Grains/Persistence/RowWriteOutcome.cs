namespace Hongbao.Grains.Persistence;

/// <summary>What became of one grain's change in a shared transaction.</summary>
public enum RowWriteOutcome
{
    /// <summary>The transaction that held the change committed.</summary>
    Committed = 0,

    /// <summary>The stored version was not the one the change expected: another activation wrote first. Nothing was written.</summary>
    VersionConflict = 1,

    /// <summary>A ledger entry with the same operation id exists already: the operation was applied before. Nothing was written.</summary>
    DuplicateOperation = 2,
}
