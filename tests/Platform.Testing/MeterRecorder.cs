using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.Testing;

/// <summary>
/// Records the <see cref="PlatformMetrics"/> instruments of ONE host (its meters come from its own IMeterFactory, so
/// hosts of parallel tests do not mix): long measurements as (instrument, tags) totals, gauges when collected.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _last = new(StringComparer.Ordinal);

    public MeterRecorder(IServiceProvider services)
    {
        // The host's PlatformMetrics must exist before listening: resolving it creates the meter and its instruments.
        var meter = services.GetRequiredService<PlatformMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of a counter's measurements whose tags include every pair in <paramref name="tags"/> (as name=value).</summary>
    public double Total(string instrument, params string[] tags) =>
        _totals.Where(entry => Matches(entry.Key, instrument, tags)).Sum(entry => entry.Value);

    /// <summary>Collects the observable gauges now and returns <paramref name="instrument"/>'s value.</summary>
    public double? Observe(string instrument)
    {
        _last.Clear();
        _listener.RecordObservableInstruments();
        return _last.TryGetValue(instrument, out var value) ? value : null;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (instrument is ObservableGauge<long> or ObservableGauge<double>)
        {
            _last[instrument.Name] = value;
            return;
        }

        var key = instrument.Name + "|" + string.Join("|", tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        _totals.AddOrUpdate(key, value, (_, total) => total + value);
    }

    private static bool Matches(string key, string instrument, string[] tags)
    {
        var parts = key.Split('|');
        return parts[0] == instrument && tags.All(parts.Skip(1).Contains);
    }
}
