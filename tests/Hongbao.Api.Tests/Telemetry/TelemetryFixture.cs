using Hongbao.Api.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace Hongbao.Api.Tests.Telemetry;

/// <summary>
/// An API of its own whose spans also go to an in-memory exporter. Its collection runs alone (after the parallel
/// ones): the Hongbao meter is per process, so grabs made by other tests would otherwise show in its counts.
/// </summary>
public sealed class TelemetryFixture : IAsyncLifetime
{
    public ExportedActivities Spans { get; } = new();

    public ApiFixture Api { get; }

    public TelemetryFixture()
    {
        Api = new ApiFixture(new HongbaoApiFactory("Development", new Dictionary<string, string?>
        {
            ["Hongbao:RateLimits:Enabled"] = "false",
            ["Hongbao:Telemetry:Dashboard"] = "true",
            ["Hongbao:Telemetry:TraceSampleRatio"] = "1",
        }, services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))));
    }

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>;
