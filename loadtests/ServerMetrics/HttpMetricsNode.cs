namespace Hongbao.LoadTests.ServerMetrics;

/// <summary>A node that serves Prometheus text: an API node's or a silo's <c>/metrics</c>.</summary>
public sealed class HttpMetricsNode(HttpClient http, Uri metricsUrl) : IServerNode
{
    /// <summary>
    /// The process CPU counter both the API and the silo export (the runtime's <c>dotnet.process.cpu.time</c>,
    /// by <c>cpu_mode</c>: user and system), summed over its labels.
    /// </summary>
    public const string ProcessCpuMetric = "dotnet_process_cpu_time_seconds_total";

    public string Name { get; } = metricsUrl.ToString();

    public async Task<NodeReading?> ReadAsync(CancellationToken cancellation)
    {
        try
        {
            using var response = await http.GetAsync(metricsUrl, cancellation);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellation));
            return new NodeReading(metrics.Has(ProcessCpuMetric) ? metrics.Sum(ProcessCpuMetric) : null, metrics);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellation.IsCancellationRequested))
        {
            // A node that does not answer (down, or its /metrics closed to us) is reported as such; the run goes on.
            return null;
        }
    }
}
