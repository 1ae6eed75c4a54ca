using System.Diagnostics.Metrics;
using System.Globalization;

namespace TypingGateway.Diagnostics.Prometheus;

/// <summary>
/// Aggregated series of one instrument. Lookups compare tags in place, so recording into an
/// existing series allocates nothing; instruments have few distinct tag sets. Recording takes no
/// lock (every request records into the same few series from all threads): the series array is
/// copy-on-write and each series updates atomically; only adding a new tag set locks.
/// </summary>
internal sealed class InstrumentState
{
    private static readonly double[] _secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] _defaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly Lock _addLock = new();
    private Series[] _series = [];
    private readonly string? _description;
    private readonly double[] _buckets;

    private InstrumentState(Instrument instrument, InstrumentKind kind, double[] buckets)
    {
        Kind = kind;
        Name = PrometheusText.MetricName(instrument.Name, instrument.Unit, kind is InstrumentKind.Counter or InstrumentKind.ObservedCounter);
        _description = instrument.Description;
        _buckets = buckets;
    }

    public string Name { get; }

    public InstrumentKind Kind { get; }

    public static InstrumentState? Create(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        InstrumentKind? kind =
            definition == typeof(Counter<>) ? InstrumentKind.Counter
            : definition == typeof(ObservableCounter<>) ? InstrumentKind.ObservedCounter
            : definition == typeof(UpDownCounter<>) ? InstrumentKind.UpDownCounter
            : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? InstrumentKind.Gauge
            : definition == typeof(Histogram<>) ? InstrumentKind.Histogram
            : null;
        return kind is { } k ? new InstrumentState(instrument, k, k == InstrumentKind.Histogram ? BucketsFor(instrument) : []) : null;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(Volatile.Read(ref _series), tags) ?? Add(tags);
        switch (Kind)
        {
            case InstrumentKind.Counter:
            case InstrumentKind.UpDownCounter:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                series.Observe(value, _buckets);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    public void Write(TextWriter writer)
    {
        // Every instrument is listed, with its HELP and TYPE, before its first measurement: a scrape of a fresh instance
        // names everything it exports (dashboards and alert rules are checked against that), with no sample yet.
        var snapshot = Volatile.Read(ref _series);
        if (!string.IsNullOrEmpty(_description))
        {
            writer.Write($"# HELP {Name} {PrometheusText.EscapeHelp(_description)}\n");
        }

        var type = Kind switch
        {
            InstrumentKind.Counter or InstrumentKind.ObservedCounter => "counter",
            InstrumentKind.Histogram => "histogram",
            _ => "gauge",
        };
        writer.Write($"# TYPE {Name} {type}\n");
        foreach (var series in snapshot)
        {
            if (Kind == InstrumentKind.Histogram)
            {
                series.WriteHistogram(writer, Name, _buckets);
            }
            else
            {
                writer.Write(Name);
                PrometheusText.WriteLabels(writer, series.Tags, null);
                writer.Write(' ');
                writer.Write(PrometheusText.FormatValue(series.Value));
                writer.Write('\n');
            }
        }
    }

    private static Series? Find(Series[] series, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var existing in series)
        {
            if (existing.Matches(tags))
            {
                return existing;
            }
        }

        return null;
    }

    private Series Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_addLock)
        {
            // Another thread may have added the same tag set since the lock-free lookup.
            var current = _series;
            if (Find(current, tags) is { } existing)
            {
                return existing;
            }

            var added = new Series(tags, Kind == InstrumentKind.Histogram ? _buckets.Length : 0);
            Volatile.Write(ref _series, [.. current, added]);
            return added;
        }
    }

    private static double[] BucketsFor(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return advised ?? (instrument.Unit == "s" ? _secondsBuckets : _defaultBuckets);
    }

    internal static string Format(object? value) => value switch
    {
        null => string.Empty,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
