using System.Globalization;

namespace Hongbao.LoadTests.ServerMetrics;

/// <summary>A Prometheus text exposition reduced to what the report needs: samples by name and labels.</summary>
public sealed class PrometheusText
{
    private readonly List<(string Name, string Labels, double Value)> samples = [];

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var valueStart = line.LastIndexOf(' ');
            if (valueStart <= 0 || !double.TryParse(line[(valueStart + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var series = line[..valueStart];
            var labelsStart = series.IndexOf('{');
            parsed.samples.Add(labelsStart < 0 ? (series, "", value) : (series[..labelsStart], series[(labelsStart + 1)..^1], value));
        }

        return parsed;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels contain <paramref name="labelFilter"/>.</summary>
    public double Sum(string name, string labelFilter = "") =>
        samples.Where(s => s.Name == name && s.Labels.Contains(labelFilter, StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary>Distinct values of one label across the samples of a metric (e.g. the grab outcomes seen).</summary>
    public IEnumerable<string> LabelValues(string name, string label)
    {
        var prefix = label + "=\"";
        return samples.Where(s => s.Name == name)
            .Select(s => s.Labels.Split(',').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)))
            .OfType<string>()
            .Select(l => l[prefix.Length..^1])
            .Distinct();
    }

    /// <summary>Upper bounds and cumulative counts of a histogram's buckets.</summary>
    public IReadOnlyList<(double UpperBound, double Count)> Buckets(string histogram) =>
        [.. samples.Where(s => s.Name == histogram + "_bucket")
            .Select(s => (Bound: UpperBoundOf(s.Labels), s.Value))
            .GroupBy(b => b.Bound)
            .Select(g => (g.Key, g.Sum(b => b.Value)))
            .OrderBy(b => b.Key)];

    private static double UpperBoundOf(string labels)
    {
        var le = labels.Split(',').First(l => l.StartsWith("le=\"", StringComparison.Ordinal))[4..^1];
        return le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
    }
}
