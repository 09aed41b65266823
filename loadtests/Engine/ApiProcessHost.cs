using System.Diagnostics;
using Hongbao.LoadTests.Cli;
using Hongbao.LoadTests.Scenarios;

namespace Hongbao.LoadTests.Engine;

/// <summary>
/// <c>--embedded</c>: the built API (<c>Hongbao.Api.dll</c>, co-hosting its silo) as a child process on a free
/// loopback port, with its own temporary SQLite file, in Development (for /dev/token) with rate limits off.
/// A child process, not this one: the server gets its own GC and thread pool, so the figures are the server's
/// and not the server's plus the load generator's. Other engine settings come from the environment, which the
/// child inherits, e.g. <c>Hongbao__Envelopes__WritePerGrab=true</c>.
/// </summary>
public sealed class ApiProcessHost(string? apiDllPath = null) : IEngineHost
{
    public const string ApiDllName = "Hongbao.Api.dll";

    /// <summary>Set for the load generator only: the child API must not inherit it.</summary>
    public const string GeneratorOnlyVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(100);
    private const int LogLinesKept = 40;

    private readonly string folder = Directory.CreateTempSubdirectory("hongbao-loadtest-").FullName;
    private readonly Queue<string> recentOutput = new();
    private Process? process;

    public string Description { get; private set; } = "API child process (not started)";

    /// <summary>The child's process id once started.</summary>
    public int? ProcessId => process?.Id;

    public async Task<IReadOnlyList<Uri>> StartAsync(CancellationToken cancellation)
    {
        var dll = apiDllPath ?? FindApiDll()
            ?? throw new TargetUnavailableException(
                $"{ApiDllName} was not found: build it (dotnet build -c Release src/Api) or pass --api-dll PATH");
        var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var start = new ProcessStartInfo("dotnet")
        {
            // The API's own folder is its content root, so its appsettings.json applies as in production.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The generator may run with inline socket completions (docs/load-testing.md); the server it measures runs as shipped.
        start.Environment.Remove(GeneratorOnlyVariable);
        foreach (var argument in new[]
                 {
                     Path.GetFullPath(dll), "--environment", "Development", "--urls", url,
                     $"--Hongbao:Storage:Sqlite:Path={Path.Combine(folder, "hongbao.db")}",
                     $"--Hongbao:Cluster:SiloPort={LoopbackPort.Free()}",
                     $"--Hongbao:Cluster:GatewayPort={LoopbackPort.Free()}",
                     "--Hongbao:RateLimits:Enabled=false",
                     "--Logging:LogLevel:Default=Warning",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new TargetUnavailableException($"could not start dotnet {dll}");
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Description = $"API child process {process.Id} ({dll})";

        var baseUri = new Uri(url + "/");
        await WaitUntilReadyAsync(baseUri, cancellation);
        return [baseUri];
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            process.Dispose();
        }
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// The API built beside this tool: <c>src/Api/bin/&lt;configuration&gt;/&lt;tfm&gt;/</c> of the repository this tool
    /// was built in (same configuration), else the copy the project reference put next to this tool.
    /// </summary>
    public static string? FindApiDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent?.Name;
        for (var directory = here.Parent; directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "Orleans.sln")) || configuration is null)
            {
                continue;
            }

            var built = Path.Combine(directory.FullName, "src", "Api", "bin", configuration, framework, ApiDllName);
            if (File.Exists(built))
            {
                return built;
            }

            break;
        }
        var beside = Path.Combine(AppContext.BaseDirectory, ApiDllName);
        return File.Exists(beside) ? beside : null;
    }

    private async Task WaitUntilReadyAsync(Uri baseUri, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process!.HasExited)
            {
                throw new TargetUnavailableException($"the API exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(baseUri, "health/ready"), cancellation);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // A slow answer while the silo starts; ask again.
            }
            await Task.Delay(ReadyPoll, cancellation);
        }
        throw new TargetUnavailableException($"the API was not ready within {ReadyTimeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (recentOutput)
        {
            recentOutput.Enqueue(line);
            if (recentOutput.Count > LogLinesKept)
            {
                recentOutput.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (recentOutput)
        {
            return string.Join(Environment.NewLine, recentOutput);
        }
    }
}
