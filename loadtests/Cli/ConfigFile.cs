using System.Text.Json;
using Hongbao.LoadTests.Harness;

namespace Hongbao.LoadTests.Cli;

/// <summary>
/// The NBomber-like JSON config: <c>{"GlobalSettings": {...}, "ScenariosSettings": [{"ScenarioName": ...}]}</c>.
/// Command-line flags override what it sets.
/// </summary>
public sealed record ConfigFile
{
    public GlobalSettings? GlobalSettings { get; init; }
    public IReadOnlyList<ScenarioSettings> ScenariosSettings { get; init; } = [];

    public static async Task<ConfigFile> LoadAsync(string path, CancellationToken cancellation)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<ConfigFile>(stream, SettingsJson.Options, cancellation)
            ?? throw new FormatException($"{path} is empty");
    }

    public ScenarioSettings? For(string scenarioName) =>
        ScenariosSettings.FirstOrDefault(s => string.Equals(s.ScenarioName, scenarioName, StringComparison.OrdinalIgnoreCase));
}

public sealed record GlobalSettings
{
    public IReadOnlyList<string>? TargetUrls { get; init; }
    public IReadOnlyList<string>? Thresholds { get; init; }
    public string? ReportFolder { get; init; }
    public int? Seed { get; init; }
    public string? Mode { get; init; }

    /// <summary>Scenarios run at once with weights, used when the scenario argument is <c>mix</c>: <c>"festival:80,wallet-read:15,hot-envelope:5"</c>.</summary>
    public string? Mix { get; init; }

    /// <summary>Arrival spacing of the open model: <c>even</c> (default) or <c>poisson</c>.</summary>
    public string? Arrivals { get; init; }

    /// <summary>Shared by every generator of one multi-machine run, so <c>loadtests merge</c> knows the reports belong together.</summary>
    public string? RunId { get; init; }
}

public sealed record ScenarioSettings
{
    public string ScenarioName { get; init; } = "";
    /// <summary>A duration as on the command line: <c>"5s"</c> or <c>"00:00:05"</c>.</summary>
    public string? WarmUpDuration { get; init; }
    public int? MaxInFlight { get; init; }

    /// <summary>NBomber's shape: <c>[{"Inject": [100, "00:00:01", "00:00:30"]}, {"KeepConstant": [10, "00:00:30"]}]</c>.</summary>
    public IReadOnlyList<JsonElement>? LoadSimulationsSettings { get; init; }

    public IReadOnlyList<string>? Thresholds { get; init; }
    public JsonElement? CustomSettings { get; init; }
}
