namespace Hongbao.LoadTests.ServerMetrics;

/// <summary>One server process whose CPU the report charges to the run's successes.</summary>
public interface IServerNode
{
    string Name { get; }

    /// <summary>Its CPU so far and its metrics, or null when it did not answer.</summary>
    Task<NodeReading?> ReadAsync(CancellationToken cancellation);
}

/// <summary>A node's process CPU (user + system seconds since it started, null when not exposed) and its scrape, if any.</summary>
public sealed record NodeReading(double? CpuSeconds, PrometheusText? Metrics);
