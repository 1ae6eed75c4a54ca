using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace TypingGateway.RateLimiting;

/// <summary>
/// Permits of a shared policy taken from the store a few at a time (<see cref="GcraLimits.Lease"/> k) and spent by
/// this instance without a round trip, so a busy partition costs one store call per k requests instead of one each
/// (decision 0016). With k = 1 every call goes to the store, as before. Each call takes one permit for its caller
/// (<see cref="GcraDecision.Granted"/> is 1): <see cref="GcraLimits.Lease"/> says how many may be taken from the store at once.
/// </summary>
/// <remarks>
/// <para>
/// The bound: a lease takes min(k, free) permits in one atomic GCRA step, the request that asked uses one, and the rest
/// (at most k − 1) wait here. At most one lease per partition is in flight on an instance, and a new one is asked only
/// when the last is spent, so an instance never holds more than k − 1 unspent permits of a partition. Every permit is
/// debited from the shared budget when leased, never twice, so over any interval the permits used across N instances
/// are at most what the policy admits in that interval (burst + interval × rate) plus the permits leased before it and
/// spent within it: at most N × (k − 1). Counted when each permit is taken: in the store for the request that leases,
/// here for the rest. Near the limit the store grants fewer than k, so a guest at its limit is decided as before.
/// </para>
/// <para>
/// Unspent permits are dropped <see cref="RateLimitDefaults.LeaseLifetime"/> after the lease (their debit has long
/// been refilled in the shared budget by then; dropping only bounds memory and does not change the bound), and when
/// the limits change (a reload): a lease is kept with the limits it was taken under. Requests of the partition that
/// arrive while a lease is in flight wait for it rather than ask the store too: one round trip serves them all, and
/// if the store refused, they are refused with the same retry time (a refusal changes nothing in the store). A refusal
/// is also held until its retry time: GCRA frees permits only with time, and other instances only take them, so the
/// store would refuse every request of the partition until then too (exact, no error added); a guest hammering a
/// limit it has reached costs no round trips while refused.
/// Memory is bounded by <see cref="InMemoryGcraStore.DefaultMaxEntries"/> partitions; past it calls go to the store one
/// permit at a time.
/// </para>
/// </remarks>
internal sealed class GcraPermitLeases : IGcraStore, IDisposable
{
    private readonly IGcraStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly int _maxEntries;
    private readonly long _lifetime;
    private readonly ConcurrentDictionary<(string Policy, string Partition), Entry> _entries = new();
    private readonly ITimer _sweepTimer;
    private int _count;

    public GcraPermitLeases(IGcraStore store, TimeProvider timeProvider)
        : this(store, timeProvider, InMemoryGcraStore.DefaultMaxEntries)
    {
    }

    internal GcraPermitLeases(IGcraStore store, TimeProvider timeProvider, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        _store = store;
        _timeProvider = timeProvider;
        _maxEntries = maxEntries;
        _lifetime = RateLimitDefaults.LeaseLifetime.Ticks / TimeSpan.TicksPerMicrosecond;
        _origin = timeProvider.GetTimestamp();
        _sweepTimer = timeProvider.CreateTimer(static state => ((GcraPermitLeases)state!).Sweep(), this, InMemoryGcraStore.SweepInterval, InMemoryGcraStore.SweepInterval);
    }

    /// <summary>Partitions with a lease entry, spent or not (until a sweep removes them).</summary>
    internal int Count => Volatile.Read(ref _count);

    private long Now => _timeProvider.GetElapsedTime(_origin).Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// One permit of <paramref name="policy"/> for <paramref name="partition"/>: from this instance's lease when it holds
    /// one, else from the store, leasing up to <see cref="GcraLimits.Lease"/> permits. Shaping is not leased
    /// (<see cref="GcraLimits.MaxDelay"/> must be zero for a lease, as on HTTP routes).
    /// </summary>
    public async ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
    {
        if (Gcra.Lease(limits) <= 1 || limits.MaxDelay > TimeSpan.Zero)
        {
            return await _store.AcquireAsync(policy, partition, limits with { Lease = 1 }, cancellationToken).ConfigureAwait(false);
        }

        var key = (policy, partition);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var entry) && !TryAdd(key, out entry))
            {
                return await _store.AcquireAsync(policy, partition, limits with { Lease = 1 }, cancellationToken).ConfigureAwait(false);
            }

            Task<GcraDecision> lease;
            TaskCompletionSource<GcraDecision>? mine = null;
            lock (entry)
            {
                if (entry.Removed)
                {
                    continue; // swept between lookup and lock: take a fresh entry
                }

                var now = Now;
                if (entry.Limits != limits || now >= entry.ExpiresAt)
                {
                    entry.Unspent = 0;
                    entry.RefusedUntil = 0;
                    entry.Limits = limits;
                }

                if (entry.Unspent > 0)
                {
                    entry.Unspent--;
                    return new GcraDecision(true, TimeSpan.Zero, TimeSpan.Zero, entry.Unspent);
                }

                if (now < entry.RefusedUntil)
                {
                    return new GcraDecision(false, TimeSpan.Zero, Gcra.Microseconds(entry.RefusedUntil - now), 0, 0);
                }

                if (entry.Pending is null)
                {
                    mine = new TaskCompletionSource<GcraDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
                    entry.Pending = mine.Task;
                }

                lease = entry.Pending;
            }

            if (mine is not null)
            {
                // Outside the lock. The lease goes on if this request goes away: its permits are debited either way.
                var own = await LeaseAsync(entry, mine, policy, partition, limits).WaitAsync(cancellationToken).ConfigureAwait(false);
                return own.Allowed ? own with { Granted = 1 } : own;
            }

            var decision = await lease.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                return decision; // refused a moment ago for the same partition: the store would refuse this one too
            }

            // Another request's lease arrived: take from it, or lease again if others took it all.
        }
    }

    public void Dispose() => _sweepTimer.Dispose();

    /// <summary>Removes entries holding nothing current (no unspent permit, no refusal) and no lease in flight; runs on the sweep timer.</summary>
    internal void Sweep()
    {
        var now = Now;
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (!entry.Removed && entry.Pending is null && (now >= entry.ExpiresAt || (entry.Unspent == 0 && now >= entry.RefusedUntil)))
                {
                    entry.Removed = true;
                    _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
                    Interlocked.Decrement(ref _count);
                }
            }
        }
    }

    // Not the caller's token: the permits are debited once the store decides, so they are kept whoever waits.
    // The store bounds the call (Redis: one operation timeout, then the per-instance fallback answers).
    private async Task<GcraDecision> LeaseAsync(Entry entry, TaskCompletionSource<GcraDecision> source, string policy, string partition, GcraLimits limits)
    {
        GcraDecision decision;
        try
        {
            decision = await _store.AcquireAsync(policy, partition, limits, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (entry)
            {
                entry.Pending = null;
            }

            source.SetException(ex);
            throw;
        }

        lock (entry)
        {
            entry.Pending = null;

            // The requester uses one; the rest (≤ k − 1) are spent here. Unspent was 0 when this lease began, and
            // nothing else adds to it while a lease is in flight.
            if (decision.Allowed && decision.Granted > 1 && entry.Limits == limits)
            {
                entry.Unspent = decision.Granted - 1;
                entry.ExpiresAt = Now + _lifetime;
            }

            // Only time frees a permit (other instances only take them), so a refusal holds until its retry time.
            // Measured from the reply, so it can only end later than in the store, by the round trip at most.
            if (!decision.Allowed && decision.RetryAfter > TimeSpan.Zero && entry.Limits == limits)
            {
                var until = Now + (decision.RetryAfter.Ticks / TimeSpan.TicksPerMicrosecond);
                entry.RefusedUntil = until;
                entry.ExpiresAt = until;
            }
        }

        source.SetResult(decision);
        return decision;
    }

    private bool TryAdd((string Policy, string Partition) key, [NotNullWhen(true)] out Entry? entry)
    {
        if (Interlocked.Increment(ref _count) > _maxEntries)
        {
            Interlocked.Decrement(ref _count);
            entry = null;
            return false;
        }

        var added = new Entry();
        entry = _entries.GetOrAdd(key, added);
        if (!ReferenceEquals(entry, added))
        {
            Interlocked.Decrement(ref _count); // another caller added the partition first
        }

        return true;
    }

    private sealed class Entry
    {
        /// <summary>Leased permits not spent yet (≤ k − 1); read and written under the entry's lock, as every field.</summary>
        public int Unspent;

        /// <summary>When the unspent permits are dropped, µs since the origin.</summary>
        public long ExpiresAt;

        /// <summary>The limits the unspent permits were leased under.</summary>
        public GcraLimits Limits;

        /// <summary>Refused by the store until then (µs since the origin): refused here without asking again.</summary>
        public long RefusedUntil;

        /// <summary>The lease in flight, if any: at most one per partition.</summary>
        public Task<GcraDecision>? Pending;

        public bool Removed;
    }
}
