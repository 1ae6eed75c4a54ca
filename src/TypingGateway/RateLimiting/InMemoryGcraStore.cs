using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace TypingGateway.RateLimiting;

/// <summary>
/// GCRA state in this process: the store of single-instance mode, and the fallback while Redis is unreachable.
/// Each partition's step runs under that partition's lock, the same atomic step as the Redis script. After its
/// first call a partition costs no allocation. An entry expires <see cref="Gcra.TtlSlackMicroseconds"/> after
/// its TAT, like the Redis key; a periodic sweep (on the injected <see cref="TimeProvider"/>) frees it.
/// </summary>
/// <remarks>
/// Memory is bounded by <see cref="DefaultMaxEntries"/> partitions. When full, expired entries are evicted first
/// (at most once per <see cref="EvictionInterval"/>, so a flood of new partitions cannot make every call walk
/// the whole table); a partition that still finds no room is allowed untracked (fail open, counted in
/// <see cref="UntrackedAcquires"/>): refusing guests because the limiter ran out of memory would be worse.
/// </remarks>
internal sealed class InMemoryGcraStore : IGcraStore, IDisposable
{
    /// <summary>How many partitions (of all policies) are tracked at most.</summary>
    public const int DefaultMaxEntries = 100_000;

    /// <summary>How often expired entries are swept. Lookups never need it: an expired entry reads as idle.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    /// <summary>How often a full store may sweep on a caller's thread to make room.</summary>
    public static readonly TimeSpan EvictionInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;
    private readonly long _origin;
    private readonly int _maxEntries;
    private readonly ConcurrentDictionary<(string Policy, string Partition), Entry> _entries = new();
    private readonly ITimer _sweepTimer;
    private int _count;
    private long _untracked;
    private long _nextEvictionAt;

    public InMemoryGcraStore(TimeProvider timeProvider)
        : this(timeProvider, DefaultMaxEntries)
    {
    }

    internal InMemoryGcraStore(TimeProvider timeProvider, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        _timeProvider = timeProvider;
        _maxEntries = maxEntries;

        // Instants are offsets on the monotonic timestamp: a wall-clock step must not refill or drain a bucket.
        _origin = timeProvider.GetTimestamp();
        _sweepTimer = timeProvider.CreateTimer(static state => ((InMemoryGcraStore)state!).Sweep(), this, SweepInterval, SweepInterval);
    }

    /// <summary>Partitions held, expired or not (until a sweep removes them).</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>Permits allowed without tracking because the store was full.</summary>
    internal long UntrackedAcquires => Interlocked.Read(ref _untracked);

    private long Now => _timeProvider.GetElapsedTime(_origin).Ticks / TimeSpan.TicksPerMicrosecond;

    public ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
    {
        var key = (policy, partition);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var entry) && !TryAdd(key, out entry))
            {
                // Untracked: answered as a partition's first permit would be.
                Interlocked.Increment(ref _untracked);
                var idle = 0L;
                return ValueTask.FromResult(Gcra.Acquire(ref idle, 0, limits));
            }

            lock (entry)
            {
                if (entry.Removed)
                {
                    continue; // swept between lookup and lock: take a fresh entry
                }

                var decision = Gcra.Acquire(ref entry.Tat, Now, limits);
                return ValueTask.FromResult(decision);
            }
        }
    }

    /// <summary>Records permits the shared store admitted (<see cref="Gcra.Observe"/>), so this store knows them if it must decide alone.</summary>
    public void Observe(string policy, string partition, GcraLimits limits, int permits = 1)
    {
        var key = (policy, partition);
        while ((_entries.TryGetValue(key, out var entry) || TryAdd(key, out entry)) && entry is not null)
        {
            lock (entry)
            {
                if (!entry.Removed)
                {
                    Gcra.Observe(ref entry.Tat, Now, limits, permits);
                    return;
                }
            }
        }
    }

    /// <summary>How long from now the partition's bucket is drained by what this store recorded; zero when idle or unknown.</summary>
    public TimeSpan BusyFor(string policy, string partition)
    {
        if (!_entries.TryGetValue((policy, partition), out var entry))
        {
            return TimeSpan.Zero;
        }

        long tat;
        lock (entry)
        {
            tat = entry.Removed ? 0 : entry.Tat;
        }

        var now = Now;
        return tat > now ? Gcra.Microseconds(tat - now) : TimeSpan.Zero;
    }

    public void Dispose() => _sweepTimer.Dispose();

    /// <summary>Removes expired entries; runs on the sweep timer, and when the store is full.</summary>
    internal void Sweep()
    {
        var now = Now;
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (!entry.Removed && now >= Gcra.ExpiresAt(entry.Tat))
                {
                    // Marked under the lock: a caller still holding the entry retries rather than write into it.
                    entry.Removed = true;
                    _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
                    Interlocked.Decrement(ref _count);
                }
            }
        }
    }

    private bool TryAdd((string Policy, string Partition) key, [NotNullWhen(true)] out Entry? entry)
    {
        if (!TryReserve())
        {
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

    private bool TryReserve()
    {
        if (Interlocked.Increment(ref _count) <= _maxEntries)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        var now = Now;
        var next = Interlocked.Read(ref _nextEvictionAt);
        if (now < next || Interlocked.CompareExchange(ref _nextEvictionAt, now + (EvictionInterval.Ticks / TimeSpan.TicksPerMicrosecond), next) != next)
        {
            return false;
        }

        Sweep();
        if (Interlocked.Increment(ref _count) <= _maxEntries)
        {
            return true;
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    private sealed class Entry
    {
        /// <summary>
        /// Theoretical arrival time, µs since the store's origin; read and written under the entry's lock. A fresh
        /// entry's 0 is never after "now", i.e. idle.
        /// </summary>
        public long Tat;

        public bool Removed { get; set; }
    }
}
