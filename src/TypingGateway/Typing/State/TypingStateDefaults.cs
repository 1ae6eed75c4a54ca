namespace TypingGateway.Typing.State;

/// <summary>Fixed tunables of the typing state stores, in one place.</summary>
internal static class TypingStateDefaults
{
    /// <summary>Metric feature tag of <c>RedisFallback</c> for typing state.</summary>
    public const string FallbackFeature = "typing";

    /// <summary>Lock stripes of the near cache's invalidation generations (a power of two).</summary>
    public const int NearCacheStripes = 64;

    /// <summary>
    /// How often expired entries are removed from the in-memory store and the near cache. Lookups already
    /// ignore expired entries; the sweep only bounds memory for keys that are never seen again.
    /// </summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After Redis failed, how long the typing state stays per instance before one call tries Redis again:
    /// short enough that collapsing is shared again within a second of recovery, long enough that a dead
    /// Redis costs one timeout per second rather than one per keystroke.
    /// </summary>
    public static readonly TimeSpan RedisRetryBackoff = TimeSpan.FromSeconds(1);
}
