using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Hongbao.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for one test collection: initdb into a fresh temp directory, one server on a
/// free loopback port, deleted on dispose. <see cref="StopAsync"/> and <see cref="StartAsync"/> take the database
/// away and bring it back on the same data and port, for failure tests.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The server refuses to run as root, so as root every server program runs as this account.</summary>
    private const string ServerUser = "postgres";

    private readonly ConcurrentQueue<string> log = new();
    private string bindir = "";
    private string root = "";
    private Process? server;

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(root, "data");

    /// <summary>The maintenance database; tests that need isolation ask for their own with <see cref="CreateDatabaseAsync"/>.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public async ValueTask InitializeAsync()
    {
        bindir = await PostgresBinaries.LocateAsync();
        root = Directory.CreateTempSubdirectory("hongbao-pg-").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            await ProcessRunner.RunAsync("chown", [ServerUser + ":", root]);
        }

        // --no-sync: the template files of a throwaway cluster need no durability; the server itself runs with fsync.
        await RunServerProgramAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        // Trust, but only from 127.0.0.1 over TCP; no socket or remote access.
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");

        // The port is free when picked but may be taken before the server binds it: pick again.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && log.Any(line => line.Contains("could not bind", StringComparison.Ordinal)))
            {
                log.Clear();
            }
        }
    }

    /// <summary>Starts the server on the existing data directory and port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (server is { HasExited: false })
        {
            throw new InvalidOperationException("The PostgreSQL server is already running.");
        }

        server?.Dispose();
        server = ProcessRunner.StartLongRunning(
            ServerCommand("postgres", [
                "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + root, "-c", "fsync=on",
                "-c", "max_connections=300",
                // Not UTC on purpose: a timestamp parameter sent without a zone would be shifted and the tests see it.
                "-c", "timezone=Asia/Shanghai",
            ]),
            log);
        await WaitUntilReadyAsync();
    }

    /// <summary>Stops the server at once, as a crash would (recovery replays the WAL on the next start).</summary>
    public async Task StopAsync()
    {
        if (server is null || server.HasExited)
        {
            return;
        }

        await RunServerProgramAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"]);
        using var timeout = new CancellationTokenSource(StopTimeout);
        await server.WaitForExitAsync(timeout.Token);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "hongbao_" + Guid.NewGuid().ToString("N");
        // FILE_COPY checkpoints instead of writing the template into the WAL, which keeps crash recovery after
        // StopAsync short.
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"CREATE DATABASE {name} STRATEGY FILE_COPY");
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill(entireProcessTree: true);
            }

            server?.Dispose();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    private async Task WaitUntilReadyAsync()
    {
        // Unpooled, short timeouts: each probe is a fresh attempt, and a dead server fails the start quickly.
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 2 }.ConnectionString;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (server!.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited with code {server.ExitCode} while starting:\n{string.Join('\n', log)}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException error)
            {
                throw new InvalidOperationException($"PostgreSQL did not accept connections within {StartTimeout}: {error.Message}\n{string.Join('\n', log)}", error);
            }
        }
    }

    private Task RunServerProgramAsync(string program, IReadOnlyList<string> arguments)
    {
        var (file, args) = ServerCommand(program, arguments);
        return ProcessRunner.RunAsync(file, args);
    }

    private (string File, IReadOnlyList<string> Arguments) ServerCommand(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(bindir, program);
        return Environment.IsPrivilegedProcess
            ? ("runuser", ["-u", ServerUser, "--", path, .. arguments])
            : (path, arguments);
    }
}
