using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hongbao.Cluster.Tests.Failure;

/// <summary>
/// A silo or API node as a real operating-system process (`dotnet &lt;dll&gt;`), so that a failure test can kill it
/// the way a crash does: SIGKILL, no shutdown hooks, no graceful hand-over.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> log;
    private readonly Process process;

    private NodeProcess(string name, Process process, ConcurrentQueue<string> log)
    {
        Name = name;
        this.process = process;
        this.log = log;
        // A test run that ends abruptly (a cancelled run, a crash in the runner) must not leave nodes behind either.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The node's last output lines, for failure messages.</summary>
    public string LogTail => string.Join('\n', log);

    public static NodeProcess Start(string name, string directory, string assembly, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var log = new ConcurrentQueue<string>();
        var process = ProcessRunner.StartLongRunning(("dotnet", [assembly, .. arguments]), log, directory, Isolated(environment));
        return new NodeProcess(name, process, log);
    }

    /// <summary>Kills the node and everything it started at once (SIGKILL) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>Freezes the node (SIGSTOP), as a long garbage-collection pause or a stalled VM does: sockets stay open, nothing answers.</summary>
    public Task PauseAsync() => ProcessRunner.RunAsync("kill", ["-STOP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>Lets a paused node run on (SIGCONT).</summary>
    public Task ResumeAsync() => ProcessRunner.RunAsync("kill", ["-CONT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        await KillAsync();
        process.Dispose();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The developer's own Hongbao and ASP.NET Core settings must not leak into a test node.</summary>
    private static Dictionary<string, string?> Isolated(IReadOnlyDictionary<string, string?> environment)
    {
        var isolated = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("Hongbao__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, _ => (string?)null);
        foreach (var (name, value) in environment)
        {
            isolated[name] = value;
        }

        return isolated;
    }
}
