using System.Data.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Storage.Rows;
using Npgsql;

namespace Hongbao.Storage.Postgres;

/// <summary>
/// Rows on PostgreSQL: a batch is one transaction holding one <see cref="NpgsqlBatch"/>, a single round trip for
/// every change in it. A statement that touches no row, or takes a key someone else holds, marks its change as
/// unable to apply; the transaction is then rolled back and the queue retries the rest without it.
/// </summary>
public sealed class PostgresRowDatabase(NpgsqlDataSource dataSource) : IRowDatabase
{
    private const string UniqueViolation = "23505";

    /// <summary>Connections that died with the server are forgotten after the first failure; more means it is down again.</summary>
    private const int ReadAttemptsMax = 3;

    /// <summary>
    /// A read is safe to repeat: one that fails on a connection the server dropped (it restarted, or failed over)
    /// forgets every idle connection, which died with it, and is tried again, a few times at most.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadOnceAsync(read);
            }
            catch (NpgsqlException error) when (IsConnectionLoss(error) && attempt < ReadAttemptsMax)
            {
                dataSource.Clear();
            }
        }
    }

    private async Task<T> ReadOnceAsync<T>(Func<DbConnection, Task<T>> read)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await read(connection);
    }

    /// <summary>The connection broke (not an error the server answered): the idle connections pooled beside it may be dead too.</summary>
    private static bool IsConnectionLoss(NpgsqlException error) => error is not PostgresException && error.IsTransient;

    public void Bind(DbCommand command, IReadOnlyList<object?> arguments)
    {
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = argument ?? DBNull.Value });
        }
    }

    /// <summary>
    /// A transaction whose connection broke may have committed, so it is never repeated here; but the idle connections
    /// that died with the server are forgotten, so the next batch does not fail on one of them too.
    /// </summary>
    public async Task<CommitAttempt> TryCommitAsync(IReadOnlyList<RowChange> changes)
    {
        try
        {
            return await TryCommitOnceAsync(changes);
        }
        catch (NpgsqlException error) when (IsConnectionLoss(error))
        {
            dataSource.Clear();
            throw;
        }
    }

    private async Task<CommitAttempt> TryCommitOnceAsync(IReadOnlyList<RowChange> changes)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var owners = new List<(RowChange Change, RowStatement Statement)>();
        foreach (var change in changes)
        {
            foreach (var statement in change.Statements)
            {
                var command = new NpgsqlBatchCommand(statement.Sql);
                foreach (var argument in statement.Arguments)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = argument ?? DBNull.Value });
                }

                batch.BatchCommands.Add(command);
                owners.Add((change, statement));
            }
        }

        var refused = new Dictionary<RowChange, RowWriteOutcome>();
        try
        {
            await batch.ExecuteNonQueryAsync();
        }
        catch (PostgresException error) when (error.SqlState == UniqueViolation && error.BatchCommand is { } failed)
        {
            refused[owners[batch.BatchCommands.IndexOf(failed)].Change] = RowWriteOutcome.VersionConflict;
            await transaction.RollbackAsync();
            return CommitAttempt.RolledBack(refused);
        }
        catch (PostgresException error) when (error.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
        {
            await transaction.RollbackAsync();
            return CommitAttempt.RolledBackToRetry(error);
        }
        catch (PostgresException error) when (IsDataError(error))
        {
            // Only one change's own data is at fault: it fails alone, and the others are committed without it.
            await transaction.RollbackAsync();
            if (error.BatchCommand is { } failed)
            {
                return CommitAttempt.RolledBackRejecting(owners[batch.BatchCommands.IndexOf(failed)].Change, error);
            }

            // The server did not say which statement (a value refused while binding): find it by committing each change alone.
            return changes.Count == 1 ? CommitAttempt.RolledBackRejecting(changes[0], error) : await CommitOneByOneAsync(changes);
        }

        for (var i = 0; i < owners.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected != 1)
            {
                refused.TryAdd(owners[i].Change, owners[i].Statement.NoRowMeans);
            }
        }

        // Every statement of the batch ran, so a refused change may have written some of its rows.
        if (refused.Count > 0)
        {
            await transaction.RollbackAsync();
            return CommitAttempt.RolledBack(refused);
        }

        await transaction.CommitAsync();
        return CommitAttempt.AllCommitted;
    }

    /// <summary>Data exceptions (class 22) and integrity violations (class 23) are about the statement's values, not the transaction.</summary>
    private static bool IsDataError(PostgresException error) => error.SqlState.StartsWith("22", StringComparison.Ordinal) || error.SqlState.StartsWith("23", StringComparison.Ordinal);

    private async Task<CommitAttempt> CommitOneByOneAsync(IReadOnlyList<RowChange> changes)
    {
        var refused = new Dictionary<RowChange, RowWriteOutcome>();
        var rejected = new Dictionary<RowChange, Exception>();
        foreach (var change in changes)
        {
            var alone = await TryCommitOnceAsync([change]);
            foreach (var (refusedChange, outcome) in alone.Refused)
            {
                refused[refusedChange] = outcome;
            }

            foreach (var (rejectedChange, error) in alone.Rejected)
            {
                rejected[rejectedChange] = error;
            }
        }

        return new CommitAttempt(refused, OthersCommitted: true) { Rejected = rejected };
    }
}
