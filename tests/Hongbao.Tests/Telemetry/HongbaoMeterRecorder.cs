using System.Diagnostics.Metrics;
using Hongbao.Grains.Telemetry;

namespace Hongbao.Tests.Telemetry;

/// <summary>Listens to the Hongbao meter the way an exporter would, and sums what each instrument recorded.</summary>
public sealed class HongbaoMeterRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, string? Tag)> measurements = [];

    public HongbaoMeterRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HongbaoMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The sum of what <paramref name="instrument"/> recorded, only measurements tagged <paramref name="tag"/> (e.g. "outcome=granted") if given.</summary>
    public double Sum(string instrument, string? tag = null)
    {
        lock (measurements)
        {
            return measurements.Where(m => m.Instrument == instrument && (tag is null || m.Tag == tag)).Sum(m => m.Value);
        }
    }

    public int Count(string instrument)
    {
        lock (measurements)
        {
            return measurements.Count(m => m.Instrument == instrument);
        }
    }

    /// <summary>Reads the observable gauges now, as a scrape would: the value of <paramref name="instrument"/>, 0 before anything was reported.</summary>
    public double Observe(string instrument)
    {
        listener.RecordObservableInstruments();
        lock (measurements)
        {
            return measurements.LastOrDefault(m => m.Instrument == instrument).Value;
        }
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tag = tags.Length == 0 ? null : $"{tags[0].Key}={tags[0].Value}";
        lock (measurements)
        {
            measurements.Add((instrument.Name, value, tag));
        }
    }
}

/// <summary>The Hongbao meter is per process: its tests run alone, after the parallel ones, so counts are theirs only.</summary>
[CollectionDefinition(nameof(HongbaoMeterCollection), DisableParallelization = true)]
public sealed class HongbaoMeterCollection;
