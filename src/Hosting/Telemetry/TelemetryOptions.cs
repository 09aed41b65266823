using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Hongbao.Hosting.Telemetry;

/// <summary>Traces, metrics, logs and the Orleans dashboard, bound from "Hongbao:Telemetry".</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Hongbao:Telemetry";

    /// <summary>
    /// Off: no OpenTelemetry providers, no grain-call activities, no /metrics. For measuring what telemetry costs
    /// (hot-envelope on vs off); the dashboard has its own switch.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where to send OTLP (traces, metrics, logs), e.g. http://collector:4317. Unset: OTEL_EXPORTER_OTLP_ENDPOINT
    /// decides; neither set: no OTLP exporter at all.
    /// </summary>
    [Url] public string? OtlpEndpoint { get; set; }

    /// <summary>Grpc (port 4317) or HttpProtobuf (port 4318), for <see cref="OtlpEndpoint"/>.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Also writes spans and metrics to the console: for a quick look while developing, never in production.</summary>
    public bool ConsoleExporter { get; set; }

    /// <summary>A standalone silo's Prometheus scrape port (http://SiloMetricsHost:port/metrics). Unset: none (the API serves /metrics itself).</summary>
    [Range(1, 65_535)] public int? SiloMetricsPort { get; set; }

    /// <summary>
    /// The host name or address the silo's scrape listener answers to: the silo's own address when the scraper runs
    /// on another machine (the listener takes no wildcard).
    /// </summary>
    [Required] public string SiloMetricsHost { get; set; } = "localhost";

    /// <summary>
    /// Share of traces recorded when no caller decided: a request that arrives with a sampled (or unsampled)
    /// traceparent keeps its caller's decision. Unrecorded requests cost almost nothing, while metrics stay exact
    /// because they never depend on sampling. 1 records every trace (tests, debugging).
    /// </summary>
    [Range(0.0, 1.0)] public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>
    /// The Orleans dashboard: its grain services on the silo, its pages at /dashboard on the API (admins only).
    /// Off by default: it times every grain call (about 5% of the CPU of a grab under load, docs/benchmarks.md).
    /// </summary>
    public bool Dashboard { get; set; }

    public static TelemetryOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
}
