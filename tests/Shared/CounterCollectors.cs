using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace TypingGateway.Testing;

/// <summary>
/// One <see cref="MetricCollector{T}"/> per named counter of one meter, scoped to one <see cref="IMeterFactory"/>:
/// other hosts in the same test process have their own. A collector only sees what is recorded after it exists,
/// so the counters a test asserts on are named up front; asking for any other one fails the test.
/// </summary>
internal sealed class CounterCollectors : IDisposable
{
    private readonly Dictionary<string, MetricCollector<long>> _collectors;

    public CounterCollectors(IMeterFactory factory, string meterName, IEnumerable<string> instruments) =>
        _collectors = instruments.Distinct(StringComparer.Ordinal).ToDictionary(
            name => name,
            name => new MetricCollector<long>(factory, meterName, name),
            StringComparer.Ordinal);

    public MetricCollector<long> this[string instrument] =>
        _collectors.TryGetValue(instrument, out var collector)
            ? collector
            : throw new InvalidOperationException($"No collector for {instrument}: name it when the collectors are created, before anything records.");

    /// <summary>The sum of a counter's measurements that carry all of <paramref name="tags"/> (all of them when none are given).</summary>
    public long Sum(string instrument, params (string Key, object? Value)[] tags) =>
        this[instrument].GetMeasurementSnapshot()
            .ContainsTags([.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value))])
            .EvaluateAsCounter();

    public void Dispose()
    {
        foreach (var collector in _collectors.Values)
        {
            collector.Dispose();
        }
    }
}
