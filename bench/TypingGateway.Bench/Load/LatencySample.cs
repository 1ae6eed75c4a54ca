using System.Diagnostics;

namespace TypingGateway.Bench.Load;

/// <summary>Latencies of one worker (no locking on the hot path); merged into <see cref="LatencySummary"/> after a round.</summary>
internal sealed class LatencySample
{
    private readonly List<long> _ticks = new(capacity: 16 * 1024);

    public int Count => _ticks.Count;

    public IReadOnlyList<long> Ticks => _ticks;

    public void Add(long startTimestamp) => _ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);

    public void AddElapsed(long elapsedTicks) => _ticks.Add(elapsedTicks);
}
