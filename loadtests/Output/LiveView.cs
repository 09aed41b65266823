using Hongbao.LoadTests.Harness;
using Spectre.Console;

namespace Hongbao.LoadTests.Output;

/// <summary>
/// Progress while a run is going: a Spectre.Console live table on a terminal, plain lines every few seconds
/// otherwise (CI logs cannot take cursor movement).
/// </summary>
internal static class LiveView
{
    private static readonly TimeSpan TerminalRefresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainRefresh = TimeSpan.FromSeconds(5);

    public static async Task ShowWhileAsync(IReadOnlyList<ScenarioEngine> engines, Task running)
    {
        if (IsInteractive())
        {
            await AnsiConsole.Live(BuildTable(engines)).AutoClear(false).StartAsync(async live =>
            {
                while (!running.IsCompleted)
                {
                    await Task.WhenAny(running, Task.Delay(TerminalRefresh));
                    live.UpdateTarget(BuildTable(engines));
                }
            });
            return;
        }

        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(PlainRefresh));
            foreach (var engine in engines)
            {
                Console.Out.WriteLine(PlainLine(engine));
            }
        }
    }

    public static bool IsInteractive() =>
        !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null
        && AnsiConsole.Profile.Capabilities.Interactive;

    private static Table BuildTable(IReadOnlyList<ScenarioEngine> engines)
    {
        var table = new Table().Title("[bold]Hongbao load test[/]")
            .AddColumns("scenario", "phase", "elapsed", "success/s", "answered/s", "p99 ms", "ok", "refused", "fail", "dropped");
        foreach (var engine in engines)
        {
            var sample = engine.Current.Sample();
            table.AddRow(
                Markup.Escape(engine.Name), engine.Phase, $"{sample.Elapsed:hh\\:mm\\:ss}", $"{sample.SuccessRps:0}", $"{sample.Rps:0}",
                $"{sample.OkP99Ms:0.00}", $"{sample.OkCount}", $"{sample.Refused}",
                sample.FailCount > 0 ? $"[red]{sample.FailCount}[/]" : "0",
                sample.Dropped > 0 ? $"[yellow]{sample.Dropped}[/]" : "0");
        }
        return table;
    }

    private static string PlainLine(ScenarioEngine engine)
    {
        var sample = engine.Current.Sample();
        return $"[{engine.Name}] {engine.Phase} {sample.Elapsed:hh\\:mm\\:ss} success/s={sample.SuccessRps:0} answered/s={sample.Rps:0} p99={sample.OkP99Ms:0.00}ms " +
               $"ok={sample.OkCount} refused={sample.Refused} fail={sample.FailCount} dropped={sample.Dropped}";
    }
}
