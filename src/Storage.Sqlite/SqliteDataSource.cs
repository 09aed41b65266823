using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Hongbao.Storage.Sqlite;

/// <summary>
/// Opens SQLite connections for the Orleans providers with the per-connection settings they cannot set
/// themselves (durability level, busy timeout), and lets one connection of this process use the database
/// at a time. SQLite allows one writer; left to itself, a waiting writer polls with sleeps of 1–100 ms,
/// which dominated grab latency under settlement load. A FIFO gate hands the database over at once instead;
/// the busy timeout still covers other processes. Opening happens off the caller's thread, so a grain keeps
/// deciding while its previous write runs.
/// </summary>
public sealed class SqliteDataSource(string connectionString, SqliteSynchronous synchronous, TimeSpan busyTimeout) : DbDataSource
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public override string ConnectionString { get; } = connectionString;

    protected override DbConnection CreateDbConnection() => new GatedSqliteConnection(ConnectionString, gate);

    protected override DbConnection OpenDbConnection()
    {
        gate.Wait();
        return OpenHoldingGate();
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(OpenHoldingGate, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the database's one write turn in this process, in FIFO order with the providers' connections; the
    /// turn ends when the result is disposed. The row writer holds it around each transaction.
    /// </summary>
    public async ValueTask<IDisposable> EnterWriterAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        return new WriteTurn(gate);
    }

    /// <summary>
    /// A connection outside the gate, opened on the calling thread: for readers (WAL lets them run beside the
    /// writer) and for the row writer, which takes turns itself. Both call it off any grain's thread.
    /// </summary>
    public SqliteConnection OpenUngatedConnection() => Configure(new SqliteConnection(ConnectionString));

    private GatedSqliteConnection OpenHoldingGate() => Configure(new GatedSqliteConnection(ConnectionString, gate) { HoldsGate = true });

    private T Configure<T>(T connection)
        where T : SqliteConnection
    {
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()}; PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds};";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class WriteTurn(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Gives the gate back when the provider is done with the connection.</summary>
    private sealed class GatedSqliteConnection(string connectionString, SemaphoreSlim gate) : SqliteConnection(connectionString)
    {
        public bool HoldsGate { get; set; }

        public override void Close()
        {
            base.Close();
            ReleaseGate();
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            ReleaseGate();
        }

        private void ReleaseGate()
        {
            if (HoldsGate)
            {
                HoldsGate = false;
                gate.Release();
            }
        }
    }
}
