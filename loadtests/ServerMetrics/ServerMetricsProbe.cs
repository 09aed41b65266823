using System.Globalization;

namespace Hongbao.LoadTests.ServerMetrics;

/// <summary>
/// Reads every server node at the start and at the end of the measured load, so the report shows the server's
/// view beside the client's: each node's CPU per success, and the engine's own figures from <c>/metrics</c>
/// (grabs by outcome, group-commit batch size, settlement lag), summed over the nodes that answered both times.
/// </summary>
public sealed class ServerMetricsProbe(IReadOnlyList<IServerNode> nodes)
{
    private IReadOnlyList<NodeReading?> before = [];
    private IReadOnlyList<NodeReading?> after = [];

    public IReadOnlyList<IServerNode> Nodes => nodes;

    /// <summary>Each target's <c>/metrics</c>, then each further metrics URL (a silo's, an API's metrics port), each once.</summary>
    public static ServerMetricsProbe ForHttp(HttpClient http, IEnumerable<Uri> targets, IEnumerable<Uri> metricsUrls) =>
        new([.. targets.Select(t => new Uri(t, "metrics")).Concat(metricsUrls).DistinctBy(u => u.AbsoluteUri)
            .Select(url => new HttpMetricsNode(http, url))]);

    public async Task CaptureBaselineAsync(CancellationToken cancellation) => before = await ReadAllAsync(cancellation);

    public async Task CaptureEndAsync(CancellationToken cancellation) => after = await ReadAllAsync(cancellation);

    public ServerCpu CpuFor(long successes) =>
        new([.. nodes.Select((node, i) => new NodeCpu(node.Name,
            before.ElementAtOrDefault(i)?.CpuSeconds is { } start && after.ElementAtOrDefault(i)?.CpuSeconds is { } end ? end - start : null))],
            successes);

    /// <summary>Report lines ("server …" → value); empty when no node serves Prometheus text at all.</summary>
    public IReadOnlyDictionary<string, string> DescribeEngine()
    {
        var scraped = Enumerable.Range(0, nodes.Count)
            .Select(i => (Before: before.ElementAtOrDefault(i)?.Metrics, After: after.ElementAtOrDefault(i)?.Metrics))
            .Where(pair => pair.Before is not null && pair.After is not null)
            .ToList();
        if (scraped.Count == 0)
        {
            return nodes.Any(n => n is HttpMetricsNode)
                ? new Dictionary<string, string> { ["server metrics"] = "not available (no /metrics answered)" }
                : new Dictionary<string, string>();
        }

        var first = scraped.Select(p => p.Before!).ToList();
        var last = scraped.Select(p => p.After!).ToList();
        double Delta(string name, string filter = "") => last.Sum(a => a.Sum(name, filter)) - first.Sum(b => b.Sum(name, filter));
        var lines = new Dictionary<string, string>();
        foreach (var outcome in last.SelectMany(a => a.LabelValues("hongbao_grabs_total", "outcome")).Distinct().Order())
        {
            lines[$"server grabs {outcome}"] = Delta("hongbao_grabs_total", $"outcome=\"{outcome}\"").ToString("F0", CultureInfo.InvariantCulture);
        }

        var writes = Delta("hongbao_group_commit_batch_size_count");
        lines["server group-commit writes"] = writes.ToString("F0", CultureInfo.InvariantCulture);
        lines["server group-commit mean batch"] = Ratio(Delta("hongbao_group_commit_batch_size_sum"), writes, "F1");
        var credits = Delta("hongbao_settlement_lag_seconds_count");
        lines["server credits applied"] = Delta("hongbao_wallet_credits_total", "result=\"applied\"").ToString("F0", CultureInfo.InvariantCulture);
        lines["server settlement lag mean (ms)"] = Ratio(Delta("hongbao_settlement_lag_seconds_sum") * 1000, credits, "F1");
        lines["server settlement lag p99 (ms, bucket bound)"] = QuantileBound(last, first, "hongbao_settlement_lag_seconds", 0.99);
        if (scraped.Count < nodes.Count(n => n is HttpMetricsNode))
        {
            lines["server metrics"] = $"summed over the {scraped.Count} of {nodes.Count} nodes that answered /metrics";
        }

        return lines;
    }

    private async Task<IReadOnlyList<NodeReading?>> ReadAllAsync(CancellationToken cancellation) =>
        await Task.WhenAll(nodes.Select(node => node.ReadAsync(cancellation)));

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
