namespace TypingGateway.Diagnostics.Prometheus;

internal enum InstrumentKind
{
    /// <summary>Counter: measurements are increments.</summary>
    Counter,

    /// <summary>ObservableCounter: measurements are cumulative totals.</summary>
    ObservedCounter,

    /// <summary>UpDownCounter: increments that may be negative.</summary>
    UpDownCounter,

    /// <summary>Gauge or an observable gauge/up-down counter: the last value wins.</summary>
    Gauge,

    Histogram,
}
