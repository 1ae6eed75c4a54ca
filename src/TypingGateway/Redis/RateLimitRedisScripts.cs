using TypingGateway.RateLimiting;

namespace TypingGateway.Redis;

/// <summary>
/// The rate limits' one script: a GCRA step (<see cref="Gcra.Acquire"/>, the same arithmetic) on one string key
/// holding the TAT. Times are whole microseconds of the Redis server's <c>TIME</c>, so the gateways' clocks never
/// matter; a non-empty "now" argument replaces <c>TIME</c> for tests only.
/// </summary>
internal static class RateLimitRedisScripts
{
    /// <summary>Metric operation (and script) names.</summary>
    public const string AcquireName = "ratelimit.acquire";

    public const string LoadName = "ratelimit.script-load";

    /// <summary>
    /// KEYS[1] the TAT (µs); ARGV[1] emission interval µs, ARGV[2] usable burst (<see cref="Gcra.Usable"/>: the burst less the reserve, may be 0 or less: nothing admitted), ARGV[3] max delay µs, ARGV[4] now µs or '', ARGV[5] busy-for µs (<see cref="GcraLimits.BusyFor"/>: the TAT is at least now + this), ARGV[6] lease (<see cref="Gcra.Lease"/>: take up to this many permits when free without delay).
    /// Reply <c>{allowed (1/0), delay µs, retry-after µs, remaining, granted}</c>. Writes only when allowed, with a
    /// <c>PX</c> TTL that ends <see cref="Gcra.TtlSlackMicroseconds"/> after the new TAT.
    /// </summary>
    /// <remarks>
    /// Redis &lt; 5 replicates a script verbatim and then refuses writes after the non-deterministic TIME unless the
    /// script switches to effect replication first; Redis &gt;= 5 does that by default, so the guarded call is
    /// harmless where it is not needed.
    /// </remarks>
    public static readonly string Acquire = $$"""
        local now
        if ARGV[4] ~= '' then
          now = tonumber(ARGV[4])
        else
          if redis.replicate_commands then redis.replicate_commands() end
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local interval = tonumber(ARGV[1])
        local capacity = interval * tonumber(ARGV[2])
        local max_delay = tonumber(ARGV[3])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        local busy_until = now + tonumber(ARGV[5])
        if tat < busy_until then tat = busy_until end
        local new_tat = tat + interval
        local excess = new_tat - now - capacity
        if excess > max_delay then
          return { 0, 0, excess - max_delay, 0, 0 }
        end
        local free = 0
        local granted = 1
        if excess <= 0 then
          free = math.floor((capacity - (tat - now)) / interval)
          granted = math.min(tonumber(ARGV[6]), free)
          new_tat = tat + granted * interval
        end
        local ttl = math.ceil((new_tat - now + {{Gcra.TtlSlackMicroseconds}}) / 1000)
        redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', string.format('%.0f', ttl))
        if excess > 0 then
          return { 1, excess, 0, 0, 1 }
        end
        return { 1, 0, 0, free - granted, granted }
        """;
}
