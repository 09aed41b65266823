using Hongbao.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hongbao.Hosting.Telemetry;

public static class HongbaoDefaults
{
    /// <summary>Where the API serves Prometheus metrics, and the path on a standalone silo's metrics port.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Orleans' own activity sources (activation and storage spans; grain calls are <see cref="GrainCallSpans"/>).</summary>
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Telemetry for the API and the standalone silo: OpenTelemetry traces (ASP.NET Core, HttpClient,
    /// Orleans grain calls, Npgsql, Hongbao), metrics (ASP.NET Core, HttpClient, runtime, Orleans, Npgsql, Hongbao)
    /// and logs with trace ids; OTLP only when an endpoint is configured; Prometheus for scraping.
    /// Grain calls produce spans only once the silo or client also calls <see cref="OrleansTelemetry"/>'s AddHongbaoTelemetry.
    /// </summary>
    public static IHostApplicationBuilder AddHongbaoDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Log scopes carry the trace and span ids, so a console line can be matched to its trace.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var telemetry = TelemetryOptions.From(builder.Configuration);
        if (!telemetry.Enabled)
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                // Head sampling, decided once at the root and inherited by every span below it.
                tracing
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio)))
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsWorthTracing)
                    .AddHttpClientInstrumentation()
                    .AddSource(OrleansActivitySources)
                    .AddSource(GrainCallSpans.SourceName)
                    .AddSource(HongbaoTracing.SourceName)
                    .AddNpgsql();
                if (telemetry.ConsoleExporter)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OrleansMeter, HongbaoMetrics.MeterName)
                    .AddPrometheusExporter();
                if (telemetry.SiloMetricsPort is { } port)
                {
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = telemetry.SiloMetricsHost;
                        listener.Port = port;
                        listener.ScrapeEndpointPath = MetricsPath;
                    });
                }

                if (telemetry.ConsoleExporter)
                {
                    metrics.AddConsoleExporter();
                }
            });

        if (telemetry.OtlpEndpoint is { } endpoint)
        {
            otel.UseOtlpExporter(telemetry.OtlpProtocol, new Uri(endpoint));
        }
        else if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_EXPORTER_OTLP_HEADERS itself.
            otel.UseOtlpExporter();
        }

        return builder;
    }

    // Scrapes and probes arrive every few seconds and say nothing about grabs: keep them out of the traces.
    private static bool IsWorthTracing(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health");
}
