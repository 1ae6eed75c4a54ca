using System.Collections.Concurrent;

namespace TypingGateway.Typing.State;

/// <summary>
/// Answers Suppress without a round trip while this process knows a key is inside its start interval
/// (design.md §3: ≤ 0.2 Redis round trips per typing frame at 10 keystrokes/s). The window comes from the
/// inner store's reply to a start (<see cref="TypingStartResult.SuppressFor"/>), measured from when the reply
/// arrived, so it can only end later than in Redis, never earlier. Within it Redis would suppress too: only a
/// start that finds the window over can be forwarded on any instance, so the ceil(D / StartInterval) figure
/// holds across instances.
/// </summary>
/// <remarks>
/// <para>
/// A window ends early only when the burst ends: this instance's own stop or message drops the key, and the
/// end of a burst elsewhere arrives through <see cref="ITypingInvalidations"/> (published by the same atomic
/// script that ended it). While invalidations are not being delivered nothing is answered from memory. A start
/// whose reply could predate an invalidation seen while it was in flight is not remembered (per-stripe
/// generations), so a late reply cannot resurrect a window that a message just ended.
/// </para>
/// <para>
/// Only profiles without <see cref="TypingTimings.StopAfterIdle"/> are cached: a synthesized stop is timed
/// from <c>lastActivityAt</c>, which every start must refresh in the shared state, or another instance's
/// idle check would end a burst that is still going on. For a profile without refresh the window is capped
/// at half the state TTL, so the shared key is written (and its TTL renewed) while the guest keeps typing.
/// </para>
/// </remarks>
internal sealed class NearCacheTypingStateStore : ITypingStateStore, IDisposable
{
    private readonly ITypingStateStore _inner;
    private readonly ITypingInvalidations _invalidations;
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly ConcurrentDictionary<TypingKey, TimeSpan> _suppressUntil = new();
    private readonly long[] _generations = new long[TypingStateDefaults.NearCacheStripes];
    private readonly ITimer _sweepTimer;

    public NearCacheTypingStateStore(ITypingStateStore inner, ITypingInvalidations invalidations, TimeProvider timeProvider)
    {
        _inner = inner;
        _invalidations = invalidations;
        _timeProvider = timeProvider;
        _origin = timeProvider.GetTimestamp();
        invalidations.Register(OnInvalidated);
        _sweepTimer = timeProvider.CreateTimer(
            static state => ((NearCacheTypingStateStore)state!).Sweep(),
            this,
            TypingStateDefaults.SweepInterval,
            TypingStateDefaults.SweepInterval);
    }

    /// <summary>Keys with a remembered window, current or not yet swept.</summary>
    internal int Count => _suppressUntil.Count;

    /// <summary>True while a window of <paramref name="key"/> is remembered (current or not yet swept).</summary>
    internal bool Remembers(TypingKey key) => _suppressUntil.ContainsKey(key);

    private TimeSpan Now => _timeProvider.GetElapsedTime(_origin);

    public async ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken)
    {
        // Tracked tabs must reach the shared set (a stop elsewhere asks whether this tab is typing).
        // A burst that ends by silence (NewBurstAfter) may have ended on the activity of other instances.
        if (timings.StopAfterIdle is not null || timings.NewBurstAfter is not null || tab.IsTracked || !_invalidations.EnsureActive(key))
        {
            return await _inner.StartAsync(key, tab, timings, stopTemplate, cancellationToken).ConfigureAwait(false);
        }

        if (_suppressUntil.TryGetValue(key, out var until))
        {
            var now = Now;
            if (now < until)
            {
                return new TypingStartResult(TypingDecision.Suppress, until - now);
            }

            _suppressUntil.TryRemove(new KeyValuePair<TypingKey, TimeSpan>(key, until));
        }

        var stripe = Stripe(key);
        var generation = Volatile.Read(ref _generations[stripe]);
        var result = await _inner.StartAsync(key, tab, timings, stopTemplate, cancellationToken).ConfigureAwait(false);
        var window = Window(result.SuppressFor, timings);
        if (window > TimeSpan.Zero)
        {
            _suppressUntil[key] = Now + window;

            // Re-checked after the write: an invalidation that raced with the reply removes what we just wrote.
            if (Volatile.Read(ref _generations[stripe]) != generation)
            {
                _suppressUntil.TryRemove(key, out _);
            }
        }

        return result;
    }

    public async ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        // Before: a start now in flight must not remember its window. After: neither may one that was sent
        // after the invalidation but reached the store before this stop did.
        Invalidate(key);
        var decision = await _inner.StopAsync(key, tab, timings, cancellationToken).ConfigureAwait(false);
        Invalidate(key);
        return decision;
    }

    public async ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        Invalidate(key);
        await _inner.MessageAsync(key, timings, cancellationToken).ConfigureAwait(false);
        Invalidate(key);
    }

    public async ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        var owed = await _inner.LeaveAsync(key, tab, timings, cancellationToken).ConfigureAwait(false);
        Invalidate(key);
        return owed;
    }

    public ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        _inner.CheckIdleAsync(key, timings, cancellationToken);

    public void Dispose() => _sweepTimer.Dispose();

    /// <summary>Removes windows that are over; runs on the sweep timer.</summary>
    internal void Sweep()
    {
        var now = Now;
        foreach (var entry in _suppressUntil)
        {
            if (entry.Value <= now)
            {
                _suppressUntil.TryRemove(entry);
            }
        }
    }

    private static TimeSpan Window(TimeSpan suppressFor, TypingTimings timings)
    {
        var cap = timings.StateTtl / 2;
        return suppressFor == Timeout.InfiniteTimeSpan || suppressFor > cap ? cap : suppressFor;
    }

    private static int Stripe(TypingKey key) => key.GetHashCode() & (TypingStateDefaults.NearCacheStripes - 1);

    private void OnInvalidated(TypingKey? key)
    {
        if (key is { } one)
        {
            Invalidate(one);
            return;
        }

        for (var i = 0; i < _generations.Length; i++)
        {
            Interlocked.Increment(ref _generations[i]);
        }

        _suppressUntil.Clear();
    }

    // The generation moves first, so a start in flight for this key cannot store its (possibly older) window.
    private void Invalidate(TypingKey key)
    {
        Interlocked.Increment(ref _generations[Stripe(key)]);
        _suppressUntil.TryRemove(key, out _);
    }
}
