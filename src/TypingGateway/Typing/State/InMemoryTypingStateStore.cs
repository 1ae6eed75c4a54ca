using System.Collections.Concurrent;

namespace TypingGateway.Typing.State;

/// <summary>
/// Typing state in this process: the store of single-instance mode, and the fallback while Redis is
/// unreachable. Each key's transition runs under that key's lock, so concurrent callers (several tabs,
/// the idle timers of several connections) see the same atomic steps as the Redis scripts. An entry
/// expires <see cref="TypingTimings.StateTtl"/> after its last write, like the Redis key: lookups treat it
/// as gone at once, and a periodic sweep (on the injected <see cref="TimeProvider"/>) frees its memory.
/// </summary>
internal sealed class InMemoryTypingStateStore : ITypingStateStore, IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly ConcurrentDictionary<TypingKey, Entry> _entries = new();
    private readonly ITimer _sweepTimer;

    public InMemoryTypingStateStore(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;

        // Instants are offsets on the monotonic timestamp: a wall-clock step must not stretch or cut a window.
        _origin = timeProvider.GetTimestamp();
        _sweepTimer = timeProvider.CreateTimer(
            static state => ((InMemoryTypingStateStore)state!).Sweep(),
            this,
            TypingStateDefaults.SweepInterval,
            TypingStateDefaults.SweepInterval);
    }

    /// <summary>Entries held, expired or not (until the sweep removes them).</summary>
    internal int Count => _entries.Count;

    private TimeSpan Now => _timeProvider.GetElapsedTime(_origin);

    public ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                if (entry.Removed)
                {
                    continue; // swept between GetOrAdd and lock: take the fresh entry
                }

                var now = Now;
                var transition = TypingStateMachine.Start(entry.Current(now), tab, timings, now, stopTemplate);
                entry.Apply(transition.Next, transition.Write, now, timings);
                return ValueTask.FromResult(transition.Result);
            }
        }
    }

    public ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Apply(key, timings, TypingDecision.Suppress, (state, now) => TypingStateMachine.Stop(state, tab, timings, now)));

    public ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        Apply(key, timings, false, (state, _) => TypingStateMachine.Message(state));
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Apply(key, timings, false, (state, now) => TypingStateMachine.Leave(state, tab, timings, now)));

    public ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Apply(key, timings, IdleCheckResult.Nothing, (state, now) => TypingStateMachine.CheckIdle(state, timings, now)));

    // A transition on a key that may not exist: an unknown key is idle, and nothing but a start creates one.
    private T Apply<T>(TypingKey key, TypingTimings timings, T unknown, Func<TypingState, TimeSpan, TypingTransition<T>> step)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return unknown;
        }

        lock (entry)
        {
            var now = Now;
            var transition = step(entry.Current(now), now);
            entry.Apply(transition.Next, transition.Write, now, timings);
            return transition.Result;
        }
    }

    /// <summary>True when this store holds state for <paramref name="key"/> (expired or not).</summary>
    public bool Contains(TypingKey key) => _entries.ContainsKey(key);

    /// <summary>Drops the key's state (the fallback does this once Redis owns the key again).</summary>
    public void Forget(TypingKey key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            lock (entry)
            {
                Remove(key, entry);
            }
        }
    }

    public void Dispose() => _sweepTimer.Dispose();

    /// <summary>Removes expired entries; runs on the sweep timer.</summary>
    internal void Sweep()
    {
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.IsExpired(Now))
                {
                    Remove(key, entry);
                }
            }
        }
    }

    // Called under the entry's lock. Marking it removed makes a caller that still holds it retry with a new
    // entry rather than write into one that is no longer in the dictionary.
    private void Remove(TypingKey key, Entry entry)
    {
        entry.Removed = true;
        _entries.TryRemove(new KeyValuePair<TypingKey, Entry>(key, entry));
    }

    private sealed class Entry
    {
        private TypingState _state;
        private TimeSpan _expiresAt;
        private bool _written;

        public bool Removed { get; set; }

        public bool IsExpired(TimeSpan now) => !_written || now >= _expiresAt;

        // A removed entry (forgotten while a caller waited for its lock) reads as unknown and takes no writes.
        public TypingState Current(TimeSpan now) => Removed || IsExpired(now) ? TypingState.Initial : _state;

        public void Apply(TypingState next, bool write, TimeSpan now, TypingTimings timings)
        {
            if (write && !Removed)
            {
                // The template may be a pooled frame buffer: keep a copy of a new one.
                _state = next.StopTemplate.Equals(_state.StopTemplate) || next.StopTemplate.IsEmpty ? next : next with { StopTemplate = next.StopTemplate.ToArray() };
                _expiresAt = now + timings.StateTtl;
                _written = true;
            }
        }
    }
}
