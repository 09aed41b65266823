using System.Globalization;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Cli;

/// <summary>
/// Several scenarios at once with weights, e.g. <c>festival:80,wallet-read:15,hot-envelope:5</c>: each runs
/// concurrently with its share of the load (rates and copies scaled by its weight over the total).
/// </summary>
public sealed record ScenarioMix(IReadOnlyList<(string Name, double Weight)> Parts)
{
    public bool IsMixed => Parts.Count > 1;

    /// <summary>Parses <c>name</c> or <c>name:weight,name:weight,...</c>; weights default to 1 and are normalised.</summary>
    public static ScenarioMix Parse(string text)
    {
        var parts = new List<(string, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', 2, StringSplitOptions.TrimEntries);
            var weight = pieces.Length == 1 ? 1 : double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0
                ? w
                : throw new FormatException($"'{part}': a weight is a positive number, e.g. festival:80");
            parts.Add((pieces[0], weight));
        }
        if (parts.Count == 0)
        {
            throw new FormatException("name at least one scenario");
        }

        var duplicate = parts.GroupBy(p => p.Item1, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"scenario '{duplicate.Key}' appears twice in the mix");
        }

        var total = parts.Sum(p => p.Item2);
        return new ScenarioMix([.. parts.Select(p => (p.Item1, p.Item2 / total))]);
    }

    /// <summary>A phase scaled to a share of the load; a closed-model phase keeps at least one copy.</summary>
    public static LoadSimulation Scale(LoadSimulation simulation, double share) => share >= 1 ? simulation : simulation switch
    {
        Inject s => s with { Rate = ScaleCount(s.Rate, share, 0) },
        RampingInject s => s with { Rate = ScaleCount(s.Rate, share, 0) },
        InjectRandom s => s with { MinRate = ScaleCount(s.MinRate, share, 0), MaxRate = ScaleCount(s.MaxRate, share, 0) },
        KeepConstant s => s with { Copies = ScaleCount(s.Copies, share, 1) },
        RampingConstant s => s with { Copies = ScaleCount(s.Copies, share, 0) },
        IterationsForConstant s => s with { Copies = ScaleCount(s.Copies, share, 1), Iterations = Math.Max(1, (long)Math.Round(s.Iterations * share)) },
        _ => simulation,
    };

    private static int ScaleCount(int value, double share, int minimum) => Math.Max(minimum, (int)Math.Round(value * share));
}
