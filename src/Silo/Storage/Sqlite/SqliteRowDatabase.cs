using System.Data.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Silo.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace Hongbao.Silo.Storage.Sqlite;

/// <summary>
/// Rows on SQLite. Microsoft.Data.Sqlite has no DbBatch, so a batch is one transaction on the writer's own
/// connection running prepared commands that are reused and rebound (the driver's bulk-insert pattern). The writer
/// takes SQLite's single write lock through the data source's FIFO gate, in turn with the reminder provider.
/// Readers open their own connections: in WAL mode they never wait for the writer.
/// </summary>
public sealed class SqliteRowDatabase(SqliteDataSource dataSource) : IRowDatabase, IDisposable
{
    private const int SqliteConstraint = 19;

    private readonly Dictionary<string, SqliteCommand> prepared = new(StringComparer.Ordinal);
    private SqliteConnection? writer;

    /// <summary>Microsoft.Data.Sqlite runs its async calls synchronously, so the whole read goes to the thread pool.</summary>
    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read) => Task.Run(async () =>
    {
        await using var connection = dataSource.OpenUngatedConnection();
        return await read(connection);
    });

    public void Bind(DbCommand command, IReadOnlyList<object?> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$" + (i + 1);
            parameter.Value = arguments[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    public async Task<CommitAttempt> TryCommitAsync(IReadOnlyList<RowChange> changes)
    {
        using var turn = await dataSource.EnterWriterAsync();
        try
        {
            writer ??= dataSource.OpenUngatedConnection();
            return Run(writer, changes);
        }
        catch (Exception)
        {
            // The connection's state is unknown after a failed transaction: start the next batch on a fresh one.
            DisposeWriter();
            throw;
        }
    }

    /// <summary>
    /// Statements run one at a time, so a change refused at its first statement has written nothing: it is left out
    /// and the rest commit. Only a change refused after it wrote rolls the transaction back.
    /// </summary>
    private CommitAttempt Run(SqliteConnection connection, IReadOnlyList<RowChange> changes)
    {
        var refused = new Dictionary<RowChange, RowWriteOutcome>();
        var wroteBeforeRefusal = false;
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var change in changes)
        {
            for (var i = 0; i < change.Statements.Count; i++)
            {
                var statement = change.Statements[i];
                if (Execute(connection, transaction, statement) != 1)
                {
                    refused[change] = statement.NoRowMeans;
                    wroteBeforeRefusal |= i > 0;
                    break;
                }
            }
        }

        if (wroteBeforeRefusal)
        {
            transaction.Rollback();
            return CommitAttempt.RolledBack(refused);
        }

        transaction.Commit();
        return new CommitAttempt(refused, OthersCommitted: true);
    }

    private int Execute(SqliteConnection connection, SqliteTransaction transaction, RowStatement statement)
    {
        var command = Prepared(connection, statement);
        command.Transaction = transaction;
        for (var i = 0; i < statement.Arguments.Length; i++)
        {
            command.Parameters[i].Value = statement.Arguments[i] ?? DBNull.Value;
        }

        try
        {
            return command.ExecuteNonQuery();
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteConstraint)
        {
            // A key taken by someone else (a stale activation's view of a row): the change cannot apply.
            return 0;
        }
    }

    private SqliteCommand Prepared(SqliteConnection connection, RowStatement statement)
    {
        if (!prepared.TryGetValue(statement.Sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = statement.Sql;
            for (var i = 0; i < statement.Arguments.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (i + 1), DBNull.Value));
            }

            command.Prepare();
            prepared[statement.Sql] = command;
        }

        return command;
    }

    private void DisposeWriter()
    {
        foreach (var command in prepared.Values)
        {
            command.Dispose();
        }

        prepared.Clear();
        writer?.Dispose();
        writer = null;
    }

    public void Dispose() => DisposeWriter();
}
