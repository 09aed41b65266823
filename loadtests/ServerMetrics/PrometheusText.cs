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

            // name{labels} value [timestamp]: label values may hold spaces, and some exporters add a timestamp.
            var seriesEnd = line.IndexOf('{') is var brace and >= 0 && brace < line.IndexOf(' ') ? line.LastIndexOf('}') + 1 : line.IndexOf(' ');
            if (seriesEnd <= 0 || seriesEnd >= line.Length)
            {
                continue;
            }

            var value = line[seriesEnd..].Trim().Split(' ')[0];
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var series = line[..seriesEnd];
            var labelsStart = series.IndexOf('{');
            parsed.samples.Add(labelsStart < 0 ? (series, "", number) : (series[..labelsStart], series[(labelsStart + 1)..^1], number));
        }

        return parsed;
    }

    public bool Has(string name) => samples.Any(s => s.Name == name);

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
