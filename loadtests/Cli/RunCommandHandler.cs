using System.Net;
using Hongbao.LoadTests.Harness;
using Hongbao.LoadTests.Scenarios;
using Hongbao.LoadTests.Scenarios.Api;
using Hongbao.LoadTests.Scenarios.Audit;
using Hongbao.LoadTests.ServerMetrics;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Cli;

/// <summary>Turns <c>run</c> flags and the config file into a scenario, a target and a runner, and runs it.</summary>
public static class RunCommandHandler
{
    public const string DefaultTarget = "http://127.0.0.1:5080";
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(RunOptions options, EngineSeams seams, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var entry = ScenarioCatalog.Find(options.Scenario);
        if (entry is null)
        {
            await error.WriteLineAsync($"unknown scenario '{options.Scenario}'; known: {string.Join(", ", ScenarioCatalog.All.Select(e => e.Name))}");
            return ExitCodes.UsageError;
        }
        try
        {
            var config = options.ConfigPath is null ? new ConfigFile() : await ConfigFile.LoadAsync(options.ConfigPath, cancellation);
            var mode = options.Mode ?? config.GlobalSettings?.Mode ?? "http";
            if (mode == "grain" && seams.GrainHost is null) return await NotAvailableAsync(error, "--mode grain", nameof(IGrainApiHost));
            if (options.Embedded && seams.EmbeddedHost is null) return await NotAvailableAsync(error, "--embedded", nameof(IEngineHost));
            return await RunWithApiAsync(options, seams, config, mode, entry, output, error, cancellation);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException && !cancellation.IsCancellationRequested)
        {
            // Init could not prepare users or envelopes: the target is down, not in development mode, or refused.
            await error.WriteLineAsync($"error: the run could not start against its target: {ex.Message}");
            return ExitCodes.TargetUnavailable;
        }
    }

    private static async Task<int> RunWithApiAsync(
        RunOptions options, EngineSeams seams, ConfigFile config, string mode, ScenarioCatalog.Entry entry,
        TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        await using var embedded = options.Embedded && mode == "http" ? seams.EmbeddedHost!() : null;
        await using var grainHost = mode == "grain" ? seams.GrainHost!() : null;
        using var http = HttpHongbaoApi.CreateHttpClient();

        IHongbaoApi api;
        string targetDescription;
        ServerMetricsProbe? serverMetrics = null;
        if (grainHost is not null)
        {
            api = await grainHost.StartAsync(cancellation);
            targetDescription = "grains (co-hosted client)";
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
            serverMetrics = new ServerMetricsProbe(http, targets);
        }

        var seed = options.Seed ?? config.GlobalSettings?.Seed ?? 42;
        var target = new HongbaoTarget(api, new RunLedger(), HongbaoTarget.NewUserPrefix(seed, TimeProvider.System), new MoneyAuditOptions());
        var scenarioSettings = config.For(entry.Name);
        var scenario = Configure(entry, entry.Create(target), options, scenarioSettings);

        await output.WriteLineAsync($"{entry.Name}: {string.Join(" then ", scenario.LoadSimulations.Select(SimulationSettingsParser.Describe))}, " +
                                    $"warm-up {scenario.WarmUpDuration}, target {targetDescription}, seed {seed}");
        var runner = LoadTestRunner.RegisterScenarios(scenario)
            .WithSeed(seed)
            .WithReportFolder(options.ReportDir ?? config.GlobalSettings?.ReportFolder ?? "reports")
            .WithThresholds([.. config.GlobalSettings?.Thresholds ?? [], .. scenarioSettings?.Thresholds ?? [], .. options.Thresholds])
            .WithMetadata("scenario", entry.Name)
            .WithMetadata("mode", mode)
            .WithMetadata("target", targetDescription)
            .WithMetadata("user prefix", target.UserPrefix)
            .WithMetadata("command", $"loadtests {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}");
        if (serverMetrics is not null) runner = runner.WithServerMetrics(serverMetrics);
        var result = await runner.RunAsync(cancellation);
        return result.ExitCode;
    }

    /// <summary>Flags win over the config file, which wins over the scenario's defaults.</summary>
    public static ScenarioProps Configure(ScenarioCatalog.Entry entry, ScenarioProps scenario, RunOptions options, ScenarioSettings? settings)
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
        scenario = scenario
            .WithLoadSimulations(simulations)
            .WithWarmUpDuration(options.WarmUp ?? settings?.WarmUpDuration ?? DefaultWarmUp)
            .WithCustomSettings(settings?.CustomSettings);
        var maxInFlight = options.MaxInFlight ?? settings?.MaxInFlight;
        if (options.Copies is { } wanted && wanted > (maxInFlight ?? scenario.MaxInFlight)) maxInFlight = wanted;
        return maxInFlight is { } cap ? scenario.WithMaxInFlight(cap) : scenario;
    }

    private static IReadOnlyList<Uri> ResolveTargets(RunOptions options, ConfigFile config)
    {
        var urls = options.Targets.Count > 0 ? options.Targets : config.GlobalSettings?.TargetUrls ?? [DefaultTarget];
        return [.. urls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"'{url}' is not an http(s) URL"))];
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static async Task<int> NotAvailableAsync(TextWriter error, string flag, string seam)
    {
        await error.WriteLineAsync(
            $"{flag} is not available yet: the engine is not wired into loadtests ({seam} in loadtests/Cli). " +
            $"Start the API (dotnet run --project src/Api) and pass --target {DefaultTarget} instead.");
        return ExitCodes.NotAvailable;
    }
}
