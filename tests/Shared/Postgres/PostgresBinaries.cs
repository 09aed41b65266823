using System.Diagnostics;

namespace Hongbao.Testing;

/// <summary>
/// Finds the PostgreSQL server programs (initdb, postgres, pg_ctl). Missing binaries fail the tests with the
/// install command: a silently skipped database test would hide a broken schema.
/// </summary>
public static class PostgresBinaries
{
    private const string Debian15 = "/usr/lib/postgresql/15/bin";

    public static async Task<string> LocateAsync()
    {
        if (HasServer(Debian15))
        {
            return Debian15;
        }

        // pg_config may be installed from a client-only package; only trust its answer when initdb is there.
        if (await PgConfigBinDirAsync() is { } bindir && HasServer(bindir))
        {
            return bindir;
        }

        throw new InvalidOperationException(
            $"PostgreSQL 15 server binaries (initdb, postgres, pg_ctl) were not found in {Debian15} or in `pg_config --bindir`. " +
            "Install them, e.g. `apt-get install -y postgresql-15` on Debian 12, then run the tests again.");
    }

    private static bool HasServer(string bindir) =>
        File.Exists(Path.Combine(bindir, "initdb")) && File.Exists(Path.Combine(bindir, "postgres")) && File.Exists(Path.Combine(bindir, "pg_ctl"));

    private static async Task<string?> PgConfigBinDirAsync()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not installed
        }
    }
}
