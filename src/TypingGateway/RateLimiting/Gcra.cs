namespace TypingGateway.RateLimiting;

/// <summary>
/// One GCRA step, pure: the in-memory store runs it under a lock, <c>RateLimitRedisScripts.Acquire</c> is the same
/// arithmetic in Lua. Instants and durations are whole microseconds in both, so the two stores give the same
/// answers to the microsecond (Lua numbers are doubles, exact for integers up to 2^53: µs since 1970 fit).
/// </summary>
internal static class Gcra
{
    /// <summary>How long a state entry outlives the moment it stops mattering (its TAT), in µs.</summary>
    public const long TtlSlackMicroseconds = 1_000_000;

    private const double MicrosecondsPerSecond = 1_000_000;

    /// <summary>
    /// The emission interval T in whole µs, rounded up so the sustained rate never exceeds the configured one
    /// (at least 1 µs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not a positive finite number.</exception>
    public static long IntervalMicroseconds(GcraLimits limits)
    {
        if (!double.IsFinite(limits.PermitsPerSecond) || limits.PermitsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), limits.PermitsPerSecond, "PermitsPerSecond must be a positive number.");
        }

        return Math.Max(1, (long)Math.Ceiling(MicrosecondsPerSecond / limits.PermitsPerSecond));
    }

    /// <summary>At least one permit may always be taken from idle.</summary>
    public static int Burst(GcraLimits limits) => Math.Max(1, limits.Burst);

    /// <summary>
    /// The permits this call may use: the burst less the reserve it must leave free. Zero or less admits nothing
    /// (the capacity is then not positive, so every step is over it).
    /// </summary>
    public static long Usable(GcraLimits limits) => (long)Burst(limits) - Math.Max(0, limits.Reserve);

    /// <summary>The most permits one step may take (<see cref="GcraLimits.Lease"/>, at least 1).</summary>
    public static int Lease(GcraLimits limits) => Math.Max(1, limits.Lease);

    /// <summary>How long the partition is known to be drained beyond the store, in whole µs (never negative).</summary>
    public static long BusyForMicroseconds(GcraLimits limits) => Math.Max(0, limits.BusyFor.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>The shaping allowance in whole µs (rounded down: a caller never waits longer than allowed); zero or less: reject.</summary>
    public static long MaxDelayMicroseconds(GcraLimits limits) => Math.Max(0, limits.MaxDelay.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>
    /// Takes one permit at <paramref name="now"/> (µs) against the theoretical arrival time <paramref name="tat"/>
    /// (µs; anything not after <paramref name="now"/> means idle), or, with <see cref="GcraLimits.Lease"/> k, up to k of
    /// the permits free at once (min(k, free), at least one). When allowed, <paramref name="tat"/> is advanced by one
    /// interval per permit taken, and the state must live until <see cref="ExpiresAt"/>; when rejected it is left as it was.
    /// </summary>
    public static GcraDecision Acquire(ref long tat, long now, GcraLimits limits)
    {
        var interval = IntervalMicroseconds(limits);
        var capacity = interval * Usable(limits);
        var maxDelay = MaxDelayMicroseconds(limits);

        var start = Math.Max(tat, now + BusyForMicroseconds(limits));
        var newTat = start + interval;
        var excess = newTat - now - capacity;
        if (excess <= 0)
        {
            // free ≥ 1 here: the permits whose intervals still fit in the capacity after the start.
            var free = (capacity - (start - now)) / interval;
            var granted = Math.Min(Lease(limits), free);
            tat = start + (granted * interval);
            return new GcraDecision(true, TimeSpan.Zero, TimeSpan.Zero, (int)(free - granted), (int)granted);
        }

        if (excess <= maxDelay)
        {
            // Reserved now and taken after the delay, so later callers queue behind it in order.
            tat = newTat;
            return new GcraDecision(true, Microseconds(excess), TimeSpan.Zero, 0);
        }

        return new GcraDecision(false, TimeSpan.Zero, Microseconds(excess - maxDelay), 0, 0);
    }

    /// <summary>
    /// Records <paramref name="permits"/> the caller took elsewhere (the shared store admitted them), without deciding
    /// anything: the TAT advances as an admitted step would, so this store knows the partition's recent use when it must
    /// decide alone.
    /// </summary>
    public static void Observe(ref long tat, long now, GcraLimits limits, int permits = 1) =>
        tat = Math.Max(tat, now) + (Math.Max(1, permits) * IntervalMicroseconds(limits));

    /// <summary>When the state written with <paramref name="tat"/> no longer matters (µs).</summary>
    public static long ExpiresAt(long tat) => tat + TtlSlackMicroseconds;

    public static TimeSpan Microseconds(long value) => TimeSpan.FromTicks(value * TimeSpan.TicksPerMicrosecond);
}
