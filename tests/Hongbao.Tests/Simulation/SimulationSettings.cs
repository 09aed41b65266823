using System.Globalization;

namespace Hongbao.Tests.Simulation;

/// <summary>Where the simulated engine keeps its rows.</summary>
public enum SimulationStorage
{
    /// <summary>A SQLite file in a temporary folder.</summary>
    Sqlite,

    /// <summary>A database on a throwaway PostgreSQL server, with faults at the driver boundary as well.</summary>
    Postgres,
}

/// <summary>
/// How many seeds to run: HONGBAO_SIM_SEEDS=N runs N seeds from HONGBAO_SIM_FIRST_SEED (default 1), or
/// HONGBAO_SIM_SEED=S runs seed S alone (to reproduce a failure). Without either, CI's bounded share runs, on each
/// backend. HONGBAO_SIM_STORAGE=sqlite|postgres picks the backend (sqlite unless CI's share runs both).
/// The run stops at the first seed that finds a violation unless HONGBAO_SIM_KEEP_GOING=1, and a seed may take at
/// most HONGBAO_SIM_SEED_SECONDS (default 40): a broken engine is reported in seconds, not after every seed's deadlines.
/// </summary>
public sealed record SimulationSettings(int FirstSeed, int Seeds, TimeSpan? Budget, IReadOnlySet<SimulationStorage> Storages)
{
    public bool KeepGoing { get; init; } = Environment.GetEnvironmentVariable("HONGBAO_SIM_KEEP_GOING") == "1";

    public TimeSpan SeedTimeMax { get; init; } = TimeSpan.FromSeconds(Number("HONGBAO_SIM_SEED_SECONDS") ?? 40);

    /// <summary>CI's share: a few seeds, cut off by a time budget on a slow or loaded machine.</summary>
    private const int CiSeeds = 200;

    /// <summary>
    /// CI's time for each backend. PostgreSQL's share is the smaller: it adds its server's start to the run, and
    /// the SQLite share has found every defect so far that was not about PostgreSQL itself.
    /// </summary>
    private static readonly Dictionary<SimulationStorage, TimeSpan> CiBudgets = new()
    {
        [SimulationStorage.Sqlite] = TimeSpan.FromSeconds(50),
        [SimulationStorage.Postgres] = TimeSpan.FromSeconds(40),
    };

    public static SimulationSettings FromEnvironment(SimulationStorage storage)
    {
        var chosen = Environment.GetEnvironmentVariable("HONGBAO_SIM_STORAGE") is { Length: > 0 } name
            ? Enum.TryParse<SimulationStorage>(name, ignoreCase: true, out var named) && Enum.IsDefined(named)
                ? new HashSet<SimulationStorage> { named }
                : throw new InvalidOperationException($"HONGBAO_SIM_STORAGE is '{name}'; it takes sqlite or postgres.")
            : null;
        if (Number("HONGBAO_SIM_SEED") is { } single)
        {
            return new SimulationSettings(single, 1, null, chosen ?? [SimulationStorage.Sqlite]);
        }

        var first = Number("HONGBAO_SIM_FIRST_SEED") ?? 1;
        return Number("HONGBAO_SIM_SEEDS") is { } seeds
            ? new SimulationSettings(first, seeds, null, chosen ?? [SimulationStorage.Sqlite])
            : new SimulationSettings(first, CiSeeds, CiBudgets[storage], chosen ?? [.. Enum.GetValues<SimulationStorage>()]);
    }

    private static int? Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
