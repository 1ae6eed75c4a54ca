using static TypingGateway.Redis.TypingRedisKeys;

namespace TypingGateway.Redis;

/// <summary>
/// The Lua scripts of the typing state, one per transition, each mirroring <c>TypingStateMachine</c>
/// (design.md §3) on one hash (<c>KEYS[1]</c>, fields <c>s</c>/<c>f</c>/<c>a</c>). Times are Unix milliseconds of
/// the Redis server's <c>TIME</c>, so the gateways' clocks never matter; a non-empty "now" argument replaces
/// <c>TIME</c> for tests only. Every write sets <c>PEXPIRE</c> to the profile's state TTL. The scripts that end
/// a burst publish the key on the invalidation channel in the same atomic step, so near caches on other
/// instances cannot miss it and the caller pays no extra round trip.
/// </summary>
internal static class TypingRedisScripts
{
    /// <summary>Metric operation (and script) names.</summary>
    public const string StartName = "typing.start";

    public const string StopName = "typing.stop";

    public const string MessageName = "typing.message";

    public const string IdleName = "typing.idle";

    public const string LoadName = "typing.script-load";

    /// <summary>Reply of the start script's first element and of the stop script.</summary>
    public const long Forward = 0;

    public const long Suppress = 1;

    /// <summary>A window or interval argument that means "no refresh" / "until the burst ends".</summary>
    public const long Unbounded = -1;

    /// <summary>Replies of the idle script besides a positive "recheck after" in ms.</summary>
    public const long IdleNothing = -1;

    public const long IdleSynthesize = 0;

    // Redis < 5 replicates a script verbatim and then refuses writes after the non-deterministic TIME,
    // unless the script switches to effect replication first; Redis >= 5 does that by default (and 7 only
    // keeps the call for compatibility), so the guarded call is harmless where it is not needed.
    private const string NowFunction = """
        local function now_ms(override)
          if override ~= '' then return tonumber(override) end
          if redis.replicate_commands then redis.replicate_commands() end
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local function ms(n) return string.format('%.0f', n) end

        """;

    /// <summary>
    /// KEYS[1] state hash; ARGV[1] start interval ms (-1: no refresh), ARGV[2] TTL ms, ARGV[3] now ms or ''.
    /// Reply <c>{decision, window}</c>: decision 0 forward / 1 suppress; window = ms during which further starts
    /// will be suppressed (-1: until the burst ends).
    /// </summary>
    public static readonly string Start = NowFunction + $$"""
        local now = now_ms(ARGV[3])
        local interval = tonumber(ARGV[1])
        local state = redis.call('HMGET', KEYS[1], '{{PhaseField}}', '{{LastForwardField}}')
        local since = now - (tonumber(state[2]) or 0)
        if state[1] ~= '1' or (interval >= 0 and since >= interval) then
          redis.call('HSET', KEYS[1], '{{PhaseField}}', '1', '{{LastForwardField}}', ms(now), '{{LastActivityField}}', ms(now))
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return { {{Forward}}, interval }
        end
        redis.call('HSET', KEYS[1], '{{LastActivityField}}', ms(now))
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        local window = {{Unbounded}}
        if interval >= 0 then
          if since < 0 then window = interval else window = interval - since end
        end
        return { {{Suppress}}, window }
        """;

    /// <summary>
    /// Stop and message are the same transition in Redis (typing → idle, no time involved); only what the
    /// caller does with the reply differs. KEYS[1] state hash; ARGV[1] TTL ms, ARGV[2] invalidation channel,
    /// ARGV[3] the key as published. Reply 1 when a burst ended (a stop is forwarded), else 0.
    /// </summary>
    public static readonly string EndBurst = $$"""
        if redis.call('HGET', KEYS[1], '{{PhaseField}}') ~= '1' then return 0 end
        redis.call('HSET', KEYS[1], '{{PhaseField}}', '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[3])
        return 1
        """;

    /// <summary>
    /// KEYS[1] state hash; ARGV[1] stop-after-idle ms, ARGV[2] TTL ms, ARGV[3] now ms or '', ARGV[4] invalidation
    /// channel, ARGV[5] the key as published. Reply -1 nothing (idle), 0 synthesize (this caller won), n &gt; 0
    /// still typing: check again after n ms.
    /// </summary>
    public static readonly string Idle = NowFunction + $$"""
        local state = redis.call('HMGET', KEYS[1], '{{PhaseField}}', '{{LastActivityField}}')
        if state[1] ~= '1' then return {{IdleNothing}} end
        local now = now_ms(ARGV[3])
        local stop_after = tonumber(ARGV[1])
        local since = now - (tonumber(state[2]) or 0)
        if since >= stop_after then
          redis.call('HSET', KEYS[1], '{{PhaseField}}', '0')
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          redis.call('PUBLISH', ARGV[4], ARGV[5])
          return {{IdleSynthesize}}
        end
        if since < 0 then return stop_after end
        return stop_after - since
        """;
}
