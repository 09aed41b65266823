using System.Diagnostics;
using Npgsql;

namespace Hongbao.AppHost;

/// <summary>
/// A throwaway PostgreSQL from the server binaries installed on this machine (no container): a fresh data directory
/// made with initdb in the temp folder, a free loopback port, deleted when the AppHost ends. The server refuses to
/// run as root, so as root its programs run as the "postgres" account.
/// </summary>
internal sealed class LocalPostgres : IDisposable
{
    private const string ServerUser = "postgres";
    private static readonly string[] BinDirectories = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];

    private LocalPostgres(string bindir, string root, int port)
    {
        BinDirectory = bindir;
        Root = root;
        Port = port;
    }

    public string BinDirectory { get; }

    /// <summary>Holds the data directory and the server's socket.</summary>
    public string Root { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = "postgres",
        Username = ServerUser,
        // Three silos and two API nodes share the server's max_connections (set in Arguments).
        MaxPoolSize = 40,
    }.ConnectionString;

    /// <summary>The program that runs the server in the foreground (so the orchestrator owns its life) and its arguments.</summary>
    public (string Command, string[] Arguments) ServerCommand
    {
        get
        {
            string[] server = [Path.Combine(BinDirectory, "postgres"), "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={Root}", "-c", "max_connections=300"];
            return Environment.IsPrivilegedProcess ? ("runuser", ["-u", ServerUser, "--", .. server]) : (server[0], server[1..]);
        }
    }

    public static async Task<LocalPostgres> PrepareAsync()
    {
        var bindir = BinDirectories.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found in /usr/lib/postgresql/{15,16,17}/bin: apt-get install -y postgresql-15");
        var root = Directory.CreateTempSubdirectory("hongbao-apphost-pg-").FullName;
        var postgres = new LocalPostgres(bindir, root, FreePort.Next());
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ServerUser + ":", root);
        }

        await postgres.RunAsServerUserAsync(Path.Combine(bindir, "initdb"), "-D", postgres.DataDirectory, "-U", ServerUser, "-A", "trust", "-E", "UTF8", "--locale=C");
        await File.WriteAllTextAsync(Path.Combine(postgres.DataDirectory, "pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        return postgres;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Still in use by a server that outlived the AppHost: the temp folder keeps it.
        }
    }

    private Task RunAsServerUserAsync(string program, params string[] arguments) => Environment.IsPrivilegedProcess
        ? RunAsync("runuser", ["-u", ServerUser, "--", program, .. arguments])
        : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{program} {string.Join(' ', arguments)}` failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
