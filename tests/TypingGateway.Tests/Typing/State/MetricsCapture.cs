using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TypingGateway.Diagnostics;

namespace TypingGateway.Tests.Typing.State;

/// <summary>A <see cref="GatewayMetrics"/> of its own and the sums of its counters, by instrument and tag value.</summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricsCapture()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new GatewayMetrics(factory);

        // Only this factory's meter: other tests running in parallel have their own.
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

    public GatewayMetrics Metrics { get; }

    /// <summary>The sum of a counter, optionally only where one of its tags has <paramref name="tagValue"/>.</summary>
    public long Total(string instrument, string? tagValue = null) =>
        _totals.GetValueOrDefault(tagValue is null ? instrument : $"{instrument}|{tagValue}");

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
