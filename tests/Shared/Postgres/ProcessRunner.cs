using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hongbao.Testing;

public static class ProcessRunner
{
    private const int LogLines = 200;

    /// <summary>Runs a program to completion; a non-zero exit fails with its output.</summary>
    public static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(StartInfo(file, arguments))
            ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{file} {string.Join(' ', arguments)}` exited with code {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }

    /// <summary>
    /// Starts a server process; its last output lines go to <paramref name="log"/> for error messages. The
    /// environment is this process's, with <paramref name="environment"/> set on top (a null value removes a variable).
    /// </summary>
    public static Process StartLongRunning(
        (string File, IReadOnlyList<string> Arguments) command,
        ConcurrentQueue<string> log,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = StartInfo(command.File, command.Arguments);
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        if (log.Count > LogLines)
        {
            log.TryDequeue(out _);
        }
    }

    private static ProcessStartInfo StartInfo(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
