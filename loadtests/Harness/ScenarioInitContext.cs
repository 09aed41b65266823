using System.Text.Json;

namespace Hongbao.LoadTests.Harness;

/// <summary>What the init, clean and audit hooks see: settings from the config file and the per-scenario data.</summary>
public sealed class ScenarioInitContext(string scenarioName, JsonElement? customSettings, int seed, TextWriter logger)
{
    public string ScenarioName { get; } = scenarioName;

    /// <summary>The scenario's <c>CustomSettings</c> object from the config file, if any.</summary>
    public JsonElement? CustomSettings { get; } = customSettings;

    public int Seed { get; } = seed;

    public TextWriter Logger { get; } = logger;

    /// <summary>Per-scenario data (a feed, a user pool): set in init, read by every iteration as <see cref="IScenarioContext.Data"/>.</summary>
    public object? Data { get; set; }

    /// <summary>How many iterations the load simulations plan, so init can size what it prepares.</summary>
    public long PlannedIterations { get; init; }

    /// <summary>
    /// False when a closed-model phase runs for a time rather than a count: then <see cref="PlannedIterations"/>
    /// leaves out what that phase will do, which depends on how fast the target answers.
    /// </summary>
    public bool IterationsAreCounted { get; init; } = true;

    /// <summary>Estimated iterations of the warm-up, which replays the simulations for the warm-up duration.</summary>
    public long PlannedWarmUpIterations { get; init; }

    public T GetCustomSettings<T>() where T : new() =>
        CustomSettings is { ValueKind: JsonValueKind.Object } json
            ? json.Deserialize<T>(SettingsJson.Options) ?? new T()
            : new T();
}
