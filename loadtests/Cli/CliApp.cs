using System.CommandLine;

namespace Hongbao.LoadTests.Cli;

/// <summary>The command line: <c>list</c> and <c>run &lt;scenario&gt; [options]</c>.</summary>
public static class CliApp
{
    public static RootCommand Create(EngineSeams seams)
    {
        var root = new RootCommand("Hongbao load tests: an NBomber-style harness with hongbao scenarios, thresholds and a money audit");
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(RunCommand(seams));
        root.Subcommands.Add(MergeCommand.Create());
        return root;
    }

    private static Command ListCommand()
    {
        var list = new Command("list", "List the built-in scenarios");
        list.SetAction(parse =>
        {
            foreach (var entry in ScenarioCatalog.All)
            {
                parse.InvocationConfiguration.Output.WriteLine($"{entry.Name,-14} {entry.Description} (default {entry.DefaultRatePerSecond}/s)");
            }

            return 0;
        });
        return list;
    }

    private static Command RunCommand(EngineSeams seams)
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "Scenario name (see list), a weighted mix such as festival:80,wallet-read:15,hot-envelope:5, or 'mix' for the config's GlobalSettings.Mix",
        };
        var target = new Option<string[]>("--target") { Description = "API base URL; repeat for round-robin over several", AllowMultipleArgumentsPerToken = false };
        var embedded = new Option<bool>("--embedded") { Description = "Start the built API as a child process on a free loopback port and a temporary SQLite file" };
        var apiDll = new Option<string?>("--api-dll") { Description = "Hongbao.Api.dll for --embedded (default: the one built beside this tool)" };
        var config = new Option<string?>("--config") { Description = "NBomber-like JSON config file" };
        var duration = new Option<string?>("--duration") { Description = "Load duration, e.g. 30s (default 30s)" };
        var warmup = new Option<string?>("--warmup") { Description = "Warm-up duration, measured apart and discarded (default 5s)" };
        var rate = new Option<int?>("--rate") { Description = "Open model: Inject this many iterations per second" };
        var copies = new Option<int?>("--copies") { Description = "Closed model: KeepConstant this many virtual users" };
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = $"In-flight cap; arrivals beyond it are dropped (default {Harness.ScenarioProps.DefaultMaxInFlight})" };
        var threshold = new Option<string[]>("--threshold") { Description = "e.g. \"grab: p99 < 50ms\", \"fail rate < 1%\"; repeatable" };
        var reportDir = new Option<string?>("--report-dir") { Description = "Report folder (default ./reports)" };
        var seed = new Option<int?>("--seed") { Description = "Seed of every random choice (default 42)" };
        var mode = new Option<string?>("--mode") { Description = "http (default) or grain" };
        mode.AcceptOnlyFromAmong("http", "grain");
        var allowRemote = new Option<bool>("--allow-remote-target") { Description = "Allow a target that is not a loopback address" };
        var shares = new Option<int?>("--shares") { Description = "hot-envelope: shares of the envelope (default: 90% of the planned grabs; 100,000 in the closed model)" };
        var arrivals = new Option<string?>("--arrivals") { Description = "Open-model arrival spacing: even (default) or poisson" };
        arrivals.AcceptOnlyFromAmong("even", "poisson");
        var abortOnFail = new Option<bool>("--abort-on-fail") { Description = "Stop the load as soon as a threshold fails (checked every second); clean and audit still run" };
        var retryGrabs = new Option<int>("--retry-grabs") { Description = "Try a grab again after a timeout or 503, up to this many times, after Retry-After (as mobile apps do)" };
        // Acted on before parsing (Program.cs), since the runtime reads it at the first socket: declared so the parser accepts and lists it.
        var noInlineCompletions = new Option<bool>(SocketCompletions.OffFlag)
        {
            Description = "Let socket continuations wake thread-pool workers (the runtime's default) instead of running inline; for comparison",
        };
        var serverMetrics = new Option<string[]>("--server-metrics")
        {
            Description = "A further server node's metrics URL (a silo's, an API's metrics port), read at the start and end of the load " +
                          "for its CPU per success; repeatable. Each --target's /metrics is read anyway",
        };
        var runId = new Option<string?>("--run-id") { Description = "Shared by every generator of one multi-machine run; 'merge' checks it" };

        var run = new Command("run", "Run a scenario, or several at once with weights")
        {
            scenario, target, embedded, apiDll, config, duration, warmup, rate, copies, maxInFlight, threshold, reportDir, seed, mode,
            allowRemote, shares, arrivals, abortOnFail, runId, retryGrabs, noInlineCompletions, serverMetrics,
        };
        run.Validators.Add(result =>
        {
            if (result.GetValue(rate) is not null && result.GetValue(copies) is not null)
            {
                result.AddError("--rate and --copies are exclusive: pick the open or the closed model");
            }

            if (result.GetValue(embedded) && (result.GetValue(target)?.Length ?? 0) > 0)
            {
                result.AddError("--target and --embedded are exclusive");
            }
        });
        run.SetAction(async (parse, cancellation) =>
        {
            var options = new RunOptions
            {
                Scenario = parse.GetValue(scenario)!,
                Targets = parse.GetValue(target) ?? [],
                Embedded = parse.GetValue(embedded),
                ConfigPath = parse.GetValue(config),
                Duration = ParseDuration(parse.GetValue(duration)),
                WarmUp = ParseDuration(parse.GetValue(warmup)),
                Rate = parse.GetValue(rate),
                Copies = parse.GetValue(copies),
                MaxInFlight = parse.GetValue(maxInFlight),
                Thresholds = parse.GetValue(threshold) ?? [],
                ReportDir = parse.GetValue(reportDir),
                Seed = parse.GetValue(seed),
                Mode = parse.GetValue(mode),
                AllowRemoteTarget = parse.GetValue(allowRemote),
                Shares = parse.GetValue(shares),
                Arrivals = parse.GetValue(arrivals),
                AbortOnFail = parse.GetValue(abortOnFail),
                ApiDll = parse.GetValue(apiDll),
                RunId = parse.GetValue(runId),
                RetryGrabs = parse.GetValue(retryGrabs),
                ServerMetricsUrls = parse.GetValue(serverMetrics) ?? [],
            };
            return await RunCommandHandler.RunAsync(options, seams, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation);
        });
        return run;
    }

    private static TimeSpan? ParseDuration(string? text) => text is null ? null : DurationParser.Parse(text);
}
