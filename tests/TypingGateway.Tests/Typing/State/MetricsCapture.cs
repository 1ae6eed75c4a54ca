using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TypingGateway.Diagnostics;
using TypingGateway.Testing;

namespace TypingGateway.Tests.Typing.State;

/// <summary>A <see cref="GatewayMetrics"/> of its own, with a collector for each of the counters a test asserts on.</summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly CounterCollectors _counters;

    /// <param name="counters">The counters to collect (named before anything records: later is too late).</param>
    public MetricsCapture(params string[] counters)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _counters = new CounterCollectors(factory, GatewayMetrics.MeterName, counters);
        Metrics = new GatewayMetrics(factory);
    }

    public GatewayMetrics Metrics { get; }

    /// <summary>The collector of <paramref name="counter"/> (to wait for a measurement made on another thread).</summary>
    public MetricCollector<long> this[string counter] => _counters[counter];

    /// <inheritdoc cref="CounterCollectors.Sum"/>
    public long Sum(string counter, params (string Key, object? Value)[] tags) => _counters.Sum(counter, tags);

    public void Dispose()
    {
        _counters.Dispose();
        _services.Dispose();
    }
}
