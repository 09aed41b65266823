using System.Globalization;

namespace Hongbao.LoadTests.ServerMetrics;

/// <summary>
/// Reads the engine's own figures from <c>/metrics</c> before and after a run, so the report shows the server's
/// view (grabs by outcome, group-commit batch size, settlement lag) beside the client's. With several targets
/// each node is scraped and the figures are summed.
/// </summary>
public sealed class ServerMetricsProbe(HttpClient http, IReadOnlyList<Uri> targets)
{
    private IReadOnlyList<PrometheusText>? before;

    public async Task CaptureBaselineAsync(CancellationToken cancellation) => before = await ScrapeAsync(cancellation);

    /// <summary>Report lines ("server …" → value); empty when the target exposes no metrics.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DescribeRunAsync(CancellationToken cancellation)
    {
        var after = await ScrapeAsync(cancellation);
        if (before is null || before.Count == 0 || after.Count != before.Count)
        {
            return new Dictionary<string, string> { ["server metrics"] = "not available (no /metrics on the target)" };
        }

        double Delta(string name, string filter = "") => after.Sum(a => a.Sum(name, filter)) - before.Sum(b => b.Sum(name, filter));
        var lines = new Dictionary<string, string>();
        foreach (var outcome in after.SelectMany(a => a.LabelValues("hongbao_grabs_total", "outcome")).Distinct().Order())
        {
            lines[$"server grabs {outcome}"] = Delta("hongbao_grabs_total", $"outcome=\"{outcome}\"").ToString("F0", CultureInfo.InvariantCulture);
        }

        var writes = Delta("hongbao_group_commit_batch_size_count");
        lines["server group-commit writes"] = writes.ToString("F0", CultureInfo.InvariantCulture);
        lines["server group-commit mean batch"] = Ratio(Delta("hongbao_group_commit_batch_size_sum"), writes, "F1");
        var credits = Delta("hongbao_settlement_lag_seconds_count");
        lines["server credits applied"] = Delta("hongbao_wallet_credits_total", "result=\"applied\"").ToString("F0", CultureInfo.InvariantCulture);
        lines["server settlement lag mean (ms)"] = Ratio(Delta("hongbao_settlement_lag_seconds_sum") * 1000, credits, "F1");
        lines["server settlement lag p99 (ms, bucket bound)"] = QuantileBound(after, before, "hongbao_settlement_lag_seconds", 0.99);
        return lines;
    }

    private async Task<IReadOnlyList<PrometheusText>> ScrapeAsync(CancellationToken cancellation)
    {
        var scrapes = new List<PrometheusText>();
        foreach (var target in targets)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(target, "metrics"), cancellation);
                if (!response.IsSuccessStatusCode)
                {
                    return [];
                }

                scrapes.Add(PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellation)));
            }
            catch (HttpRequestException)
            {
                return [];
            }
        }

        return scrapes;
    }

    private static string Ratio(double numerator, double denominator, string format) =>
        denominator > 0 ? (numerator / denominator).ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The upper bound of the bucket holding the quantile of what the run added to a histogram.</summary>
    private static string QuantileBound(IReadOnlyList<PrometheusText> after, IReadOnlyList<PrometheusText> before, string histogram, double quantile)
    {
        var added = after.SelectMany(a => a.Buckets(histogram)).GroupBy(b => b.UpperBound)
            .Select(g => (Bound: g.Key, Count: g.Sum(b => b.Count) - before.SelectMany(x => x.Buckets(histogram)).Where(b => b.UpperBound == g.Key).Sum(b => b.Count)))
            .OrderBy(b => b.Bound)
            .ToList();
        var total = added.LastOrDefault().Count;
        if (total <= 0)
        {
            return "n/a";
        }

        var bound = added.First(b => b.Count >= quantile * total).Bound;
        return double.IsPositiveInfinity(bound) ? "> largest bucket" : (bound * 1000).ToString("F0", CultureInfo.InvariantCulture);
    }
}
