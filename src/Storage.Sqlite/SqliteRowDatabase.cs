using System.Data.Common;
using Hongbao.Grains.Persistence;
using Hongbao.Storage.Rows;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hongbao.Storage.Sqlite;

/// <summary>
/// Rows on SQLite. Microsoft.Data.Sqlite has no DbBatch, so a batch is one transaction on the writer's own
/// connection running prepared statements that are reused and rebound (the driver's bulk-insert pattern), bound by
/// position (see <see cref="Execute"/>). The writer
/// takes SQLite's single write lock through the data source's FIFO gate, in turn with the reminder provider.
/// Readers open their own connections: in WAL mode they never wait for the writer.
/// </summary>
public sealed class SqliteRowDatabase(SqliteDataSource dataSource) : IRowDatabase, IDisposable
{
    private readonly Dictionary<string, PreparedStatement> prepared = new(StringComparer.Ordinal);
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
        var rejected = new Dictionary<RowChange, Exception>();
        var wroteBeforeRefusal = false;
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var change in changes)
        {
            for (var i = 0; i < change.Statements.Count; i++)
            {
                var statement = change.Statements[i];
                int rows;
                try
                {
                    rows = Execute(connection, statement);
                }
                catch (SqliteException error) when ((error.SqliteErrorCode & 0xFF) == raw.SQLITE_CONSTRAINT)
                {
                    // A failed statement undoes only itself in SQLite, so the change can fail alone.
                    rejected[change] = error;
                    wroteBeforeRefusal |= i > 0;
                    break;
                }

                if (rows != 1)
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
            return CommitAttempt.RolledBack(refused) with { Rejected = rejected };
        }

        transaction.Commit();
        return new CommitAttempt(refused, OthersCommitted: true) { Rejected = rejected };
    }

    /// <summary>
    /// Runs one statement on the writer's connection, inside its open transaction, and returns the rows it changed.
    /// The statement is prepared once and rebound by position through SQLitePCLRaw, the library under
    /// Microsoft.Data.Sqlite: the driver looks every parameter up by name and allocates a binder for it on each
    /// execution, which was a tenth of the engine's CPU and allocations under a hot envelope (docs/benchmarks.md).
    /// </summary>
    private int Execute(SqliteConnection connection, RowStatement statement)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The writer's connection is closed.");
        var (prepared, positions) = Prepared(handle, statement.Sql, statement.Arguments.Length);
        try
        {
            for (var i = 0; i < statement.Arguments.Length; i++)
            {
                Check(handle, Bind(prepared, positions[i], statement.Arguments[i]));
            }

            var result = raw.sqlite3_step(prepared);
            if (result == raw.SQLITE_DONE)
            {
                return raw.sqlite3_changes(handle);
            }

            // A key taken by someone else (a stale activation's view of a row): the change cannot apply. Any other
            // constraint (NOT NULL, CHECK) is an error in the change itself, never read as "no row".
            return IsTakenKey(raw.sqlite3_extended_errcode(handle)) ? 0 : throw Failure(handle, result);
        }
        finally
        {
            raw.sqlite3_reset(prepared);
        }
    }

    private static bool IsTakenKey(int extendedCode) =>
        extendedCode is raw.SQLITE_CONSTRAINT_UNIQUE or raw.SQLITE_CONSTRAINT_PRIMARYKEY;

    private static int Bind(sqlite3_stmt statement, int position, object? argument) => argument switch
    {
        null => raw.sqlite3_bind_null(statement, position),
        long number => raw.sqlite3_bind_int64(statement, position, number),
        string text => raw.sqlite3_bind_text(statement, position, text),
        byte[] bytes => raw.sqlite3_bind_blob(statement, position, bytes),
        _ => throw new ArgumentException($"A row statement argument must be a long, a string, bytes or null, not {argument.GetType().Name}.", nameof(argument)),
    };

    /// <summary>
    /// The statement, with where each argument binds: SQLite numbers "$n" parameters by first appearance in the
    /// text, not by n, so the positions are looked up by name once, when the statement is prepared.
    /// </summary>
    private PreparedStatement Prepared(sqlite3 handle, string sql, int argumentCount)
    {
        if (!prepared.TryGetValue(sql, out var statement))
        {
            Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var compiled));
            var positions = Enumerable.Range(1, argumentCount).Select(n => raw.sqlite3_bind_parameter_index(compiled, "$" + n)).ToArray();
            statement = new PreparedStatement(compiled, positions);
            prepared[sql] = statement;
        }

        return statement;
    }

    private sealed record PreparedStatement(sqlite3_stmt Statement, int[] Positions);

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw Failure(handle, result);
        }
    }

    private static SqliteException Failure(sqlite3 handle, int result) =>
        new(raw.sqlite3_errmsg(handle).utf8_to_string(), result, raw.sqlite3_extended_errcode(handle));

    private void DisposeWriter()
    {
        foreach (var statement in prepared.Values)
        {
            statement.Statement.Dispose();
        }

        prepared.Clear();
        writer?.Dispose();
        writer = null;
    }

    public void Dispose() => DisposeWriter();
}
