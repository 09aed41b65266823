using System.Globalization;

namespace Hongbao.Api.Tests.Telemetry;

/// <summary>Reads sample values out of a Prometheus text exposition, as a scraper would.</summary>
public sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>The sample <paramref name="metric"/> whose labels include every one of <paramref name="labels"/> (e.g. outcome="granted"); 0 when absent.</summary>
    public double Value(string metric, params string[] labels)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal) && !line.StartsWith(metric + " ", StringComparison.Ordinal))
            {
                continue;
            }

            var labelsEnd = line.IndexOf('}', StringComparison.Ordinal);
            var labelText = labelsEnd < 0 ? "" : line[..labelsEnd];
            if (labels.All(label => labelText.Contains(label, StringComparison.Ordinal)))
            {
                var value = line[(line.LastIndexOf(' ') + 1)..];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
