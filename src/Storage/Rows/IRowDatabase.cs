using System.Data.Common;

namespace Hongbao.Storage.Rows;

/// <summary>What the row store needs of one database: a reader connection, argument binding, and one transaction for many changes.</summary>
public interface IRowDatabase
{
    /// <summary>
    /// Runs <paramref name="read"/> on a connection of its own, which never waits behind the writer, and off the
    /// caller's thread where the driver's async calls are synchronous (a grain's turn must not block on I/O).
    /// </summary>
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read);

    /// <summary>Binds positional arguments ($1, $2, …) to a command.</summary>
    void Bind(DbCommand command, IReadOnlyList<object?> arguments);

    /// <summary>
    /// Runs every change in one transaction and returns those that cannot apply, with their reasons. A refused
    /// change that wrote nothing may be left out of a transaction that commits the rest; otherwise the whole
    /// transaction is rolled back (the caller tries the rest again). Throws if the transaction failed, in which
    /// case it may or may not have committed.
    /// </summary>
    Task<CommitAttempt> TryCommitAsync(IReadOnlyList<RowChange> changes);
}
