using System.Globalization;

namespace Hongbao.LoadTests.ServerMetrics;

/// <summary>CPU seconds one node spent during the measured load; null when it could not be read before and after.</summary>
public sealed record NodeCpu(string Node, double? CpuSeconds);

/// <summary>The servers' CPU during the measured load, charged to the run's successes (all scenarios together).</summary>
public sealed record ServerCpu(IReadOnlyList<NodeCpu> Nodes, long Successes)
{
    public IEnumerable<NodeCpu> Measured => Nodes.Where(n => n.CpuSeconds is not null);

    public double TotalCpuSeconds => Measured.Sum(n => n.CpuSeconds!.Value);

    /// <summary>Microseconds of CPU per success, all measured nodes together; null when nothing was measured or nothing succeeded.</summary>
    public double? TotalMicrosPerSuccess => Successes > 0 && Measured.Any() ? TotalCpuSeconds * 1e6 / Successes : null;

    public double? MicrosPerSuccess(NodeCpu node) => Successes > 0 && node.CpuSeconds is { } seconds ? seconds * 1e6 / Successes : null;

    public IReadOnlyList<string> Describe()
    {
        var lines = Nodes.Select(node => node.CpuSeconds is { } seconds
            ? $"server CPU {node.Node}: {Format(seconds, "0.000")} s, {Micros(MicrosPerSuccess(node))} per success"
            : $"server CPU {node.Node}: not available (no answer, or no {HttpMetricsNode.ProcessCpuMetric})").ToList();
        lines.Add($"server CPU total ({Measured.Count()} of {Nodes.Count} nodes): {Format(TotalCpuSeconds, "0.000")} s over {Successes} successes, " +
                  $"{Micros(TotalMicrosPerSuccess)} per success");
        return lines;
    }

    private static string Micros(double? micros) => micros is { } value ? $"{Format(value, "0.0")} µs" : "n/a µs";

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
