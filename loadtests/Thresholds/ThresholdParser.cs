using System.Globalization;
using System.Text.RegularExpressions;

namespace Hongbao.LoadTests.Thresholds;

/// <summary>Parses <c>[scope:] metric op value[unit]</c>, e.g. <c>grab: p99 &lt; 50ms</c>, <c>fail rate &lt; 1%</c>.</summary>
public static partial class ThresholdParser
{
    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Grammar().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"threshold '{text}' is not '[scope:] metric op value[unit]', e.g. 'grab: p99 < 50ms'");
        }

        var scope = match.Groups["scope"].Success ? match.Groups["scope"].Value.Trim() : null;
        var (metric, status) = ParseMetric(match.Groups["metric"].Value, text);
        if (metric == ThresholdMetric.ServerCpuPerSuccess && match.Groups["scope"].Success)
        {
            throw new FormatException($"threshold '{text}': server CPU per success is one figure for the run and takes no scope");
        }

        var op = ParseOperator(match.Groups["op"].Value);
        var value = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var limit = ToBaseUnit(metric, value, match.Groups["unit"].Value.ToLowerInvariant(), text);
        return new Threshold(text.Trim(), string.IsNullOrEmpty(scope) ? null : scope, metric, op, limit) { Status = status };
    }

    private static (ThresholdMetric Metric, string? Status) ParseMetric(string raw, string text)
    {
        var normalized = WhitespaceRun().Replace(raw.Trim().ToLowerInvariant(), " ");
        var status = StatusMetric().Match(normalized);
        if (status.Success)
        {
            return (status.Groups["kind"].Value == "rate" ? ThresholdMetric.StatusRate : ThresholdMetric.StatusCount, status.Groups["code"].Value);
        }

        return (NamedMetric(normalized, text), null);
    }

    private static ThresholdMetric NamedMetric(string normalized, string text) =>
        normalized switch
        {
            "p50" => ThresholdMetric.P50,
            "p75" => ThresholdMetric.P75,
            "p95" => ThresholdMetric.P95,
            "p99" => ThresholdMetric.P99,
            "p99.9" or "p999" => ThresholdMetric.P999,
            "mean" => ThresholdMetric.Mean,
            "max" => ThresholdMetric.Max,
            "rps" or "answered rps" => ThresholdMetric.Rps,
            "success rps" or "granted rps" => ThresholdMetric.SuccessRps,
            "fail rate" or "failrate" or "fail_rate" => ThresholdMetric.FailRate,
            "ok count" or "ok_count" => ThresholdMetric.OkCount,
            "fail count" or "fail_count" => ThresholdMetric.FailCount,
            "dropped" => ThresholdMetric.Dropped,
            "server-cpu-per-success" or "server cpu per success" => ThresholdMetric.ServerCpuPerSuccess,
            var other => throw new FormatException($"threshold '{text}': unknown metric '{other}'"),
        };

    private static ComparisonOperator ParseOperator(string op) => op switch
    {
        "<" => ComparisonOperator.LessThan,
        "<=" => ComparisonOperator.LessOrEqual,
        ">" => ComparisonOperator.GreaterThan,
        ">=" => ComparisonOperator.GreaterOrEqual,
        "=" or "==" => ComparisonOperator.Equal,
        _ => ComparisonOperator.NotEqual,
    };

    private static double ToBaseUnit(ThresholdMetric metric, double value, string unit, string text)
    {
        var isLatency = metric is ThresholdMetric.P50 or ThresholdMetric.P75 or ThresholdMetric.P95
            or ThresholdMetric.P99 or ThresholdMetric.P999 or ThresholdMetric.Mean or ThresholdMetric.Max;
        if (metric == ThresholdMetric.ServerCpuPerSuccess)
        {
            return unit switch
            {
                "us" or "µs" or "" => value,
                "ms" => value * 1000,
                _ => throw new FormatException($"threshold '{text}': unit '{unit}' does not fit metric {metric} (use us or ms)"),
            };
        }

        return (isLatency, metric, unit) switch
        {
            (true, _, "ms" or "") => value,
            (true, _, "s") => value * 1000,
            (true, _, "us" or "µs") => value / 1000,
            (false, ThresholdMetric.FailRate or ThresholdMetric.StatusRate, "%" or "") => value,
            (false, not (ThresholdMetric.FailRate or ThresholdMetric.StatusRate), "") => value,
            _ => throw new FormatException($"threshold '{text}': unit '{unit}' does not fit metric {metric}"),
        };
    }

    [GeneratedRegex(@"^(?:(?<scope>[^:<>=!]+):)?\s*(?<metric>[A-Za-z0-9][A-Za-z0-9._ -]*?)\s*(?<op><=|>=|==|!=|<|>|=)\s*(?<value>[0-9]+(?:\.[0-9]+)?)\s*(?<unit>ms|us|µs|s|%)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>A status metric: a 3-digit code, then <c>rate</c> (percent of answers) or <c>count</c> (the default).</summary>
    [GeneratedRegex(@"^(?<code>[1-5][0-9]{2})(?: (?<kind>rate|count))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex StatusMetric();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
