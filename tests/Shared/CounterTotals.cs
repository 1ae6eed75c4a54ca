using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TypingGateway.Testing;

/// <summary>
/// Sums of the long counters created by one <see cref="IMeterFactory"/>, by instrument and by tag value.
/// Only that factory's meters are listened to: other hosts in the same test process have their own.
/// </summary>
internal sealed class CounterTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public CounterTotals(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            foreach (var tag in tags)
            {
                _totals.AddOrUpdate($"{instrument.Name}|{tag.Value}", value, (_, sum) => sum + value);
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of a counter, optionally only where one of its tags has <paramref name="tagValue"/>.</summary>
    public long Total(string instrument, string? tagValue = null) =>
        _totals.GetValueOrDefault(tagValue is null ? instrument : $"{instrument}|{tagValue}");

    public void Dispose() => _listener.Dispose();
}
