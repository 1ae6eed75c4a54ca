using TypingGateway.Testing;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TypingGateway.Diagnostics;

namespace TypingGateway.Tests.Typing.State;

/// <summary>A <see cref="GatewayMetrics"/> of its own and the sums of its counters, by instrument and tag value.</summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly CounterTotals _totals;

    public MetricsCapture()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new GatewayMetrics(factory);
        _totals = new CounterTotals(factory);
    }

    public GatewayMetrics Metrics { get; }

    /// <summary>The sum of a counter, optionally only where one of its tags has <paramref name="tagValue"/>.</summary>
    public long Total(string instrument, string? tagValue = null) => _totals.Total(instrument, tagValue);

    public void Dispose()
    {
        _totals.Dispose();
        _services.Dispose();
    }
}
