namespace TypingGateway.Redis;

/// <summary>
/// One feature's view of an outage, so that each feature logs "unreachable" once when its first call falls back
/// and "back" once when its first call after that succeeds. The decision that Redis is unavailable is
/// <see cref="RedisOutagePolicy"/>'s; this only remembers what the feature has already reported.
/// </summary>
internal sealed class RedisOutageLatch
{
    private int _inOutage;

    /// <summary>True while the feature's last Redis call fell back.</summary>
    public bool IsInOutage => Volatile.Read(ref _inOutage) != 0;

    /// <summary>True for the first fallback of an outage: the caller logs it.</summary>
    public bool Enter() => Interlocked.Exchange(ref _inOutage, 1) == 0;

    /// <summary>True for the first success after an outage: the caller logs it.</summary>
    // Read first: a write per call would bounce the flag's cache line between cores on the per-frame path.
    public bool Leave() => Volatile.Read(ref _inOutage) != 0 && Interlocked.Exchange(ref _inOutage, 0) != 0;
}
