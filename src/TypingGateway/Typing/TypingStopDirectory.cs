using System.Collections.Concurrent;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// This instance's guest connections by collapse key, so that a stop owed to a guest (its typing tab closed,
/// here or on another instance) is delivered on another connection of that guest. The end of a burst on any
/// instance arrives through <see cref="ITypingInvalidations"/>; each local connection of that guest then checks
/// the shared state once, and the one that claims the owed stop (atomically) sends it.
/// </summary>
internal sealed class TypingStopDirectory
{
    private readonly ConcurrentDictionary<TypingKey, ConcurrentDictionary<WebSocketStopSink, byte>> _byKey = new();
    private readonly ITypingInvalidations? _invalidations;

    public TypingStopDirectory(ITypingInvalidations? invalidations = null)
    {
        _invalidations = invalidations;
        invalidations?.Register(OnBurstEnded);
    }

    /// <summary>Connections registered under <paramref name="key"/> (for tests and metrics).</summary>
    internal int CountOf(TypingKey key) => _byKey.TryGetValue(key, out var sinks) ? sinks.Count : 0;

    public void Register(TypingKey key, WebSocketStopSink sink)
    {
        _invalidations?.EnsureActive(key); // owed stops of other instances arrive by pub/sub
        _byKey.GetOrAdd(key, static _ => new()).TryAdd(sink, 0);
    }

    public void Unregister(TypingKey key, WebSocketStopSink sink)
    {
        if (_byKey.TryGetValue(key, out var sinks))
        {
            sinks.TryRemove(sink, out _);
            if (sinks.IsEmpty)
            {
                _byKey.TryRemove(new KeyValuePair<TypingKey, ConcurrentDictionary<WebSocketStopSink, byte>>(key, sinks));
            }
        }
    }

    /// <summary>A stop is owed to <paramref name="key"/>: every other local connection of the guest checks now.</summary>
    public void Notify(TypingKey key, WebSocketStopSink? except)
    {
        if (_byKey.TryGetValue(key, out var sinks))
        {
            foreach (var sink in sinks.Keys)
            {
                if (sink != except)
                {
                    sink.CheckNow(key);
                }
            }
        }
    }

    private void OnBurstEnded(TypingKey? key)
    {
        if (key is { } one)
        {
            Notify(one, except: null);
            return;
        }

        // Null: notices may have been missed (the subscription just became live, or its connection dropped or came
        // back). Pub/sub delivers at most once, so every local guest connection checks for a stop owed meanwhile; the
        // check is the same atomic claim, so a stop is still sent once.
        foreach (var (guest, sinks) in _byKey)
        {
            foreach (var sink in sinks.Keys)
            {
                sink.CheckNow(guest);
            }
        }
    }
}
