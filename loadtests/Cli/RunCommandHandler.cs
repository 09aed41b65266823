using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Cli;

/// <summary>Turns <c>run</c> flags and the config file into scenarios, a target and a runner, and runs them.</summary>
public static class RunCommandHandler
{
    public const string DefaultTarget = "http://127.0.0.1:5080";
    public const string MixArgument = "mix";
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(RunOptions options, EngineSeams seams, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            var config = options.ConfigPath is null ? new ConfigFile() : await ConfigFile.LoadAsync(options.ConfigPath, cancellation);
            var mix = ResolveMix(options.Scenario, config);
            var unknown = mix.Parts.Select(p => p.Name).FirstOrDefault(name => ScenarioCatalog.Find(name) is null);
            if (unknown is not null)
            {
                await error.WriteLineAsync($"unknown scenario '{unknown}'; known: {string.Join(", ", ScenarioCatalog.All.Select(e => e.Name))}");
                return ExitCodes.UsageError;
            }
            var mode = options.Mode ?? config.GlobalSettings?.Mode ?? "http";
            if (mode == "grain" && seams.GrainHost is null)
            {
                return await NotAvailableAsync(error, "--mode grain", nameof(IGrainApiHost));
            }

            if (options.Embedded && seams.EmbeddedHost is null)
            {
                return await NotAvailableAsync(error, "--embedded", nameof(IEngineHost));
            }

            return await RunWithApiAsync(options, seams, config, mode, mix, output, error, cancellation);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or JsonException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception ex) when (ex is TargetUnavailableException or HttpRequestException && !cancellation.IsCancellationRequested)
        {
            // Init could not prepare users or envelopes: the target is down, not in development mode, or refused.
            await error.WriteLineAsync($"error: the run could not start against its target: {ex.Message}");
            return ExitCodes.TargetUnavailable;
        }
    }

    private static ScenarioMix ResolveMix(string argument, ConfigFile config) =>
        string.Equals(argument, MixArgument, StringComparison.OrdinalIgnoreCase)
            ? ScenarioMix.Parse(config.GlobalSettings?.Mix
                ?? throw new FormatException($"'{MixArgument}' needs GlobalSettings.Mix in the config, e.g. \"festival:80,wallet-read:15\""))
            : ScenarioMix.Parse(argument);

    private static async Task<int> RunWithApiAsync(
        RunOptions options, EngineSeams seams, ConfigFile config, string mode, ScenarioMix mix,
        TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        await using var embedded = options.Embedded && mode == "http" ? seams.EmbeddedHost!(options.ApiDll) : null;
        await using var grainHost = mode == "grain" ? seams.GrainHost!() : null;
        using var http = HttpHongbaoApi.CreateClient();
        using var metricsHttp = HttpHongbaoApi.CreateHttpClient();

        IHongbaoApi api;
        string targetDescription;
        string engineDescription;
        ServerMetricsProbe? serverMetrics = null;
        if (grainHost is not null)
        {
            api = await grainHost.StartAsync(cancellation);
            serverMetrics = new ServerMetricsProbe([new ThisProcessNode(), .. ParseUrls(options.ServerMetricsUrls).Select(url => new HttpMetricsNode(metricsHttp, url))]);
            targetDescription = "grains (co-hosted client)";
            engineDescription = "in-process silo: the engine shares this process (GC, thread pool, cores) with the load generator";
        }
        else
        {
            var targets = embedded is not null
                ? await embedded.StartAsync(cancellation)
                : ResolveTargets(options, config);
            if (!options.AllowRemoteTarget && targets.FirstOrDefault(t => !IsLoopback(t)) is { } remote)
            {
                await error.WriteLineAsync($"refusing to load {remote}: not a loopback address (pass --allow-remote-target for a cluster you own)");
                return ExitCodes.UsageError;
            }
            api = new HttpHongbaoApi(http, new TargetRotation(targets));
            targetDescription = string.Join(", ", targets);
            engineDescription = embedded?.Description ?? "external (--target)";
            var metricsUrls = ParseUrls(options.ServerMetricsUrls);
            if (!options.AllowRemoteTarget && metricsUrls.FirstOrDefault(u => !IsLoopback(u)) is { } remoteMetrics)
            {
                await error.WriteLineAsync($"refusing to read {remoteMetrics}: not a loopback address (pass --allow-remote-target for a cluster you own)");
                return ExitCodes.UsageError;
            }

            serverMetrics = ServerMetricsProbe.ForHttp(metricsHttp, targets, metricsUrls);
        }

        var seed = options.Seed ?? config.GlobalSettings?.Seed ?? 42;
        var userPrefix = HongbaoTarget.NewUserPrefix(seed, TimeProvider.System);
        var scenarios = new List<ScenarioProps>();
        foreach (var (name, share) in mix.Parts)
        {
            var entry = ScenarioCatalog.Find(name)!;
            // In a mix every scenario has its own users and ledger, so each audit sees only its own money.
            var target = new HongbaoTarget(api, new RunLedger(), mix.IsMixed ? $"{userPrefix}-{entry.Name}" : userPrefix, new MoneyAuditOptions())
            {
                GrabRetries = options.RetryGrabs,
            };
            var scenario = Configure(entry, entry.Create(target), options, config.For(entry.Name), config.GlobalSettings, share);
            scenarios.Add(scenario);
            await output.WriteLineAsync($"{entry.Name}{(mix.IsMixed ? $" ({share:P0} of the load)" : "")}: " +
                                        $"{string.Join(" then ", scenario.LoadSimulations.Select(SimulationSettingsParser.Describe))}, " +
                                        $"{scenario.Arrivals.ToString().ToLowerInvariant()} arrivals, warm-up {scenario.WarmUpDuration}");
        }
        await output.WriteLineAsync($"target {targetDescription}; engine {engineDescription}; seed {seed}");

        var names = string.Join(',', mix.Parts.Select(p => mix.IsMixed ? $"{p.Name}:{p.Weight:0.###}" : p.Name));
        var runner = LoadTestRunner.RegisterScenarios([.. scenarios])
            .WithSeed(seed)
            .WithReportFolder(options.ReportDir ?? config.GlobalSettings?.ReportFolder ?? "reports")
            .WithThresholds([
                .. config.GlobalSettings?.Thresholds ?? [],
                .. mix.Parts.SelectMany(p => config.For(p.Name)?.Thresholds ?? []),
                .. options.Thresholds])
            .WithAbortOnFail(options.AbortOnFail)
            .WithMetadata("scenario", names)
            .WithMetadata("mode", mode)
            .WithMetadata("target", targetDescription)
            .WithMetadata("engine", engineDescription)
            .WithMetadata("user prefix", userPrefix)
            .WithMetadata("socket completions", SocketCompletions.Current(Environment.GetEnvironmentVariable) == SocketCompletionMode.Inline
                ? "inline (the default; --no-inline-completions turns it off)"
                : "thread pool")
            .WithMetadata("command", $"loadtests {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        if ((options.RunId ?? config.GlobalSettings?.RunId) is { } runId)
        {
            runner = runner.WithMetadata(Reports.ReportMerger.RunIdKey, runId);
        }

        if (serverMetrics is not null)
        {
            runner = runner.WithServerMetrics(serverMetrics);
        }

        var result = await runner.RunAsync(cancellation);
        return result.ExitCode;
    }

    /// <summary>
    /// Flags win over the config file, which wins over the scenario's defaults. <paramref name="share"/> is the
    /// scenario's part of a mix (1 alone): its rates and copies are scaled by it.
    /// </summary>
    public static ScenarioProps Configure(
        ScenarioCatalog.Entry entry, ScenarioProps scenario, RunOptions options, ScenarioSettings? settings,
        GlobalSettings? global = null, double share = 1)
    {
        var duration = options.Duration ?? DefaultDuration;
        LoadSimulation[] simulations = (options.Rate, options.Copies) switch
        {
            ({ } rate, _) => [Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration)],
            (_, { } copies) => [Simulation.KeepConstant(copies, duration)],
            _ when settings?.LoadSimulationsSettings is { Count: > 0 } configured =>
                [.. configured.Select(SimulationSettingsParser.Parse)],
            _ => [Simulation.Inject(entry.DefaultRatePerSecond, TimeSpan.FromSeconds(1), duration)],
        };
        simulations = [.. simulations.Select(s => ScenarioMix.Scale(s, share))];
        var warmUp = options.WarmUp ?? (settings?.WarmUpDuration is { } configuredWarmUp ? DurationParser.Parse(configuredWarmUp) : DefaultWarmUp);
        scenario = scenario
            .WithLoadSimulations(simulations)
            .WithWarmUpDuration(warmUp)
            .WithArrivals(ParseArrivals(options.Arrivals ?? global?.Arrivals))
            .WithCustomSettings(WithShares(settings?.CustomSettings, options.Shares));
        var maxInFlight = options.MaxInFlight ?? settings?.MaxInFlight;
        var copiesMax = simulations.Select(s => ClosedModel.EndCopies(s, 0)).DefaultIfEmpty(0).Max();
        if (copiesMax > (maxInFlight ?? scenario.MaxInFlight))
        {
            maxInFlight = copiesMax;
        }

        return maxInFlight is { } cap ? scenario.WithMaxInFlight(cap) : scenario;
    }

    private static ArrivalPattern ParseArrivals(string? text) => text?.ToLowerInvariant() switch
    {
        null or "even" => ArrivalPattern.Even,
        "poisson" => ArrivalPattern.Poisson,
        var other => throw new FormatException($"arrivals '{other}': use even or poisson"),
    };

    /// <summary><c>--shares</c> overrides the <c>shares</c> custom setting (the hot envelope's size).</summary>
    private static JsonElement? WithShares(JsonElement? settings, int? shares)
    {
        if (shares is not { } value)
        {
            return settings;
        }

        var merged = settings is { ValueKind: JsonValueKind.Object } json ? JsonNode.Parse(json.GetRawText())!.AsObject() : [];
        foreach (var key in merged.Select(p => p.Key).Where(k => string.Equals(k, "shares", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            merged.Remove(key);
        }

        merged["shares"] = value;
        return JsonSerializer.SerializeToElement(merged);
    }

    private static IReadOnlyList<Uri> ResolveTargets(RunOptions options, ConfigFile config) =>
        ParseUrls(options.Targets.Count > 0 ? options.Targets : config.GlobalSettings?.TargetUrls ?? [DefaultTarget]);

    private static IReadOnlyList<Uri> ParseUrls(IEnumerable<string> urls) =>
        [.. urls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"'{url}' is not an http(s) URL"))];

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static async Task<int> NotAvailableAsync(TextWriter error, string flag, string seam)
    {
        await error.WriteLineAsync(
            $"{flag} is not available in this build ({seam} in loadtests/Cli is not provided). " +
            $"Start the API (dotnet run --project src/Api) and pass --target {DefaultTarget} instead.");
        return ExitCodes.NotAvailable;
    }
}
