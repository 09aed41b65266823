using System.Globalization;

namespace Hongbao.Tests.Simulation;

/// <summary>
/// How many seeds to run: HONGBAO_SIM_SEEDS=N runs N seeds from HONGBAO_SIM_FIRST_SEED (default 1), or
/// HONGBAO_SIM_SEED=S runs seed S alone (to reproduce a failure). Without either, CI's bounded share runs.
/// The run stops at the first seed that finds a violation unless HONGBAO_SIM_KEEP_GOING=1, and a seed may take at
/// most HONGBAO_SIM_SEED_SECONDS (default 40): a broken engine is reported in seconds, not after every seed's deadlines.
/// </summary>
public sealed record SimulationSettings(int FirstSeed, int Seeds, TimeSpan? Budget)
{
    public bool KeepGoing { get; init; } = Environment.GetEnvironmentVariable("HONGBAO_SIM_KEEP_GOING") == "1";

    public TimeSpan SeedTimeMax { get; init; } = TimeSpan.FromSeconds(Number("HONGBAO_SIM_SEED_SECONDS") ?? 40);

    /// <summary>CI's share: a few seeds, cut off by a time budget on a slow or loaded machine.</summary>
    private const int CiSeeds = 200;

    public static SimulationSettings FromEnvironment()
    {
        if (Number("HONGBAO_SIM_SEED") is { } single)
        {
            return new SimulationSettings(single, 1, null);
        }

        var first = Number("HONGBAO_SIM_FIRST_SEED") ?? 1;
        return Number("HONGBAO_SIM_SEEDS") is { } seeds
            ? new SimulationSettings(first, seeds, null)
            : new SimulationSettings(first, CiSeeds, TimeSpan.FromSeconds(50));
    }

    private static int? Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
