using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace TypingGateway.Diagnostics.Prometheus;

/// <summary>
/// Listens to the instruments of this host's <see cref="IMeterFactory"/> and renders them in
/// the Prometheus text exposition format (0.0.4). The OpenTelemetry Prometheus exporters are not
/// on our package feed, and this keeps <c>/metrics</c> free of extra dependencies.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly IMeterFactory _meterFactory;
    private readonly IReadOnlyList<string> _meterPrefixes;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _states = new();

    public PrometheusCollector(IMeterFactory meterFactory, IOptions<MetricsOptions> options)
    {
        _meterFactory = meterFactory;
        _meterPrefixes = options.Value.Meters.Count > 0 ? [.. options.Value.Meters] : MetricsDefaults.Meters;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _states.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    public void Write(TextWriter writer)
    {
        _listener.RecordObservableInstruments();
        foreach (var state in _states.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            state.Write(writer);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        // Meters created by another host's factory (other instances in the same process) stay out.
        // Process-wide meters (no scope, e.g. System.Runtime's GC, memory and CPU) describe this process too.
        if ((instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, _meterFactory))
            || !_meterPrefixes.Any(p => instrument.Meter.Name.StartsWith(p, StringComparison.Ordinal)))
        {
            return;
        }

        var state = InstrumentState.Create(instrument);
        if (state is not null && _states.TryAdd(instrument, state))
        {
            listener.EnableMeasurementEvents(instrument, state);
        }
    }
}
