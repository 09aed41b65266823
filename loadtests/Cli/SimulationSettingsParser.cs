using System.Globalization;
using System.Text.Json;
using Hongbao.LoadTests.Simulations;

namespace Hongbao.LoadTests.Cli;

/// <summary>Reads NBomber-style <c>{"Name": [args...]}</c> load simulation entries.</summary>
public static class SimulationSettingsParser
{
    public static LoadSimulation Parse(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || entry.EnumerateObject().Count() != 1)
        {
            throw new FormatException($"a load simulation is one {{\"Name\": [args]}} object, got {entry}");
        }

        var property = entry.EnumerateObject().Single();
        var args = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToArray() : [property.Value];
        return property.Name switch
        {
            "Inject" => Simulation.Inject(Int(args, 0), Span(args, 1), Span(args, 2)),
            "RampingInject" => Simulation.RampingInject(Int(args, 0), Span(args, 1), Span(args, 2)),
            "InjectRandom" => Simulation.InjectRandom(Int(args, 0), Int(args, 1), Span(args, 2), Span(args, 3)),
            "KeepConstant" => Simulation.KeepConstant(Int(args, 0), Span(args, 1)),
            "RampingConstant" => Simulation.RampingConstant(Int(args, 0), Span(args, 1)),
            "IterationsForConstant" => Simulation.IterationsForConstant(Int(args, 0), Int(args, 1), args.Length > 2 ? Span(args, 2) : null),
            "Pause" => Simulation.Pause(Span(args, 0)),
            var other => throw new FormatException($"unknown load simulation '{other}'"),
        };
    }

    private static int Int(JsonElement[] args, int index) =>
        index < args.Length && args[index].ValueKind == JsonValueKind.Number
            ? args[index].GetInt32()
            : throw new FormatException($"argument {index + 1} must be a number");

    private static TimeSpan Span(JsonElement[] args, int index) =>
        index < args.Length && args[index].ValueKind == JsonValueKind.String
            ? DurationParser.Parse(args[index].GetString()!)
            : throw new FormatException($"argument {index + 1} must be a duration string such as \"00:00:30\"");

    public static string Describe(LoadSimulation simulation) => simulation switch
    {
        Inject s => $"Inject({s.Rate}, {s.Interval}, {s.During})",
        RampingInject s => $"RampingInject({s.Rate}, {s.Interval}, {s.During})",
        InjectRandom s => $"InjectRandom({s.MinRate}, {s.MaxRate}, {s.Interval}, {s.During})",
        KeepConstant s => $"KeepConstant({s.Copies}, {s.During})",
        RampingConstant s => $"RampingConstant({s.Copies}, {s.During})",
        IterationsForConstant s => $"IterationsForConstant({s.Copies}, {s.Iterations.ToString(CultureInfo.InvariantCulture)})",
        Pause s => $"Pause({s.During})",
        _ => simulation.GetType().Name,
    };
}
