using static TypingGateway.Redis.TypingRedisKeys;

namespace TypingGateway.Redis;

/// <summary>
/// The Lua scripts of the typing state, one per transition, each mirroring <c>TypingStateMachine</c>
/// (design.md §3) on one hash (<c>KEYS[1]</c>, fields <c>s</c>/<c>f</c>/<c>a</c>/<c>o</c>/<c>t</c>) and the guest's tab set (<c>KEYS[2]</c>). Times are Unix milliseconds of
/// the Redis server's <c>TIME</c>, so the gateways' clocks never matter; a non-empty "now" argument replaces
/// <c>TIME</c> for tests only. Every write sets <c>PEXPIRE</c> to the profile's state TTL. The scripts that end
/// a burst publish the key on the invalidation channel in the same atomic step, so near caches on other
/// instances cannot miss it and the caller pays no extra round trip: with <see cref="Publish"/> on one Redis, with
/// <see cref="ShardedPublish"/> on a Redis Cluster, where the channel is in the key's slot (docs/decisions/0014).
/// </summary>
internal static class TypingRedisScripts
{
    /// <summary>Metric operation (and script) names.</summary>
    public const string StartName = "typing.start";

    public const string StopName = "typing.stop";

    public const string MessageName = "typing.message";

    public const string IdleName = "typing.idle";

    public const string LeaveName = "typing.leave";

    public const string LoadName = "typing.script-load";

    /// <summary>Reply of the start script's first element and of the stop script.</summary>
    public const long Forward = 0;

    public const long Suppress = 1;

    /// <summary>A window or interval argument that means "no refresh" / "until the burst ends".</summary>
    public const long Unbounded = -1;

    /// <summary>The command that announces the end of a burst on one Redis: every node and subscriber hears it.</summary>
    public const string Publish = "PUBLISH";

    /// <summary>The command that announces it on a Redis Cluster (Redis 7): only the shard that holds the channel's slot.</summary>
    public const string ShardedPublish = "SPUBLISH";

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

    // The guest's typing tabs are a sorted set beside the hash (KEYS[2], same hash tag): member = connection id,
    // score = its last signal (server ms). Tabs silent for the tab TTL are pruned before the set is read.
    private const string TabFunctions = """
        local function prune_tabs(now, tab_ttl)
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now - tab_ttl))
        end
        local function join_tab(tab, now, ttl)
          if tab ~= '' then
            redis.call('ZADD', KEYS[2], ms(now), tab)
            redis.call('PEXPIRE', KEYS[2], ttl)
          end
        end

        """;

    /// <summary>
    /// KEYS[1] state hash, KEYS[2] tab set; ARGV[1] start interval ms (-1: no refresh), ARGV[2] TTL ms, ARGV[3] now ms
    /// or '', ARGV[4] tab ('' untracked), ARGV[5] tab TTL ms, ARGV[6] the burst's first start ('' none), ARGV[7] new burst
    /// after this many quiet ms (-1: never).
    /// Reply <c>{decision, window}</c>: decision 0 forward / 1 suppress; window = ms during which further starts
    /// will be suppressed (-1: until the burst ends).
    /// </summary>
    public static readonly string Start = NowFunction + TabFunctions + $$"""
        local now = now_ms(ARGV[3])
        local interval = tonumber(ARGV[1])
        local state = redis.call('HMGET', KEYS[1], '{{PhaseField}}', '{{LastForwardField}}', '{{LastActivityField}}')
        local since = now - (tonumber(state[2]) or 0)
        local gap = tonumber(ARGV[7])
        local new_burst = state[1] ~= '1' or (gap >= 0 and now - (tonumber(state[3]) or 0) >= gap)
        if new_burst or (interval >= 0 and since >= interval) then
          if new_burst then
            redis.call('DEL', KEYS[2])
            redis.call('HDEL', KEYS[1], '{{StopTemplateField}}')
          else
            prune_tabs(now, tonumber(ARGV[5]))
          end
          redis.call('HSET', KEYS[1], '{{PhaseField}}', '1', '{{LastForwardField}}', ms(now), '{{LastActivityField}}', ms(now))
          redis.call('HDEL', KEYS[1], '{{StopOwedField}}')
          if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], '{{StopTemplateField}}', ARGV[6]) end
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          join_tab(ARGV[4], now, ARGV[2])
          return { {{Forward}}, interval }
        end
        redis.call('HSET', KEYS[1], '{{LastActivityField}}', ms(now))
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        prune_tabs(now, tonumber(ARGV[5]))
        join_tab(ARGV[4], now, ARGV[2])
        local window = {{Unbounded}}
        if interval >= 0 then
          if since < 0 then window = interval else window = interval - since end
        end
        return { {{Suppress}}, window }
        """;

    /// <summary>
    /// KEYS[1] state hash, KEYS[2] tab set; ARGV[1] TTL ms, ARGV[2] invalidation channel, ARGV[3] the key as published,
    /// ARGV[4] now ms or '', ARGV[5] tab ('' untracked), ARGV[6] tab TTL ms. Reply 1 when the stop ends the burst
    /// (no other tab typing: it is forwarded), else 0.
    /// </summary>
    public static string Stop(string publish) => NowFunction + TabFunctions + $$"""
        if redis.call('HGET', KEYS[1], '{{PhaseField}}') ~= '1' then return 0 end
        local now = now_ms(ARGV[4])
        if ARGV[5] ~= '' then redis.call('ZREM', KEYS[2], ARGV[5]) end
        prune_tabs(now, tonumber(ARGV[6]))
        redis.call('HSET', KEYS[1], '{{LastActivityField}}', ms(now))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
        redis.call('HSET', KEYS[1], '{{PhaseField}}', '0')
        redis.call('HDEL', KEYS[1], '{{StopTemplateField}}')
        redis.call('{{publish}}', ARGV[2], ARGV[3])
        return 1
        """;

    /// <summary>
    /// A real message: idle, every tab done, no stop owed. KEYS[1] state hash, KEYS[2] tab set; ARGV[1] TTL ms,
    /// ARGV[2] invalidation channel, ARGV[3] the key as published. Reply 1 when a burst ended, else 0.
    /// </summary>
    public static string Message(string publish) => $$"""
        redis.call('DEL', KEYS[2])
        local phase = redis.call('HGET', KEYS[1], '{{PhaseField}}')
        redis.call('HDEL', KEYS[1], '{{StopOwedField}}', '{{StopTemplateField}}')
        if phase ~= '1' then return 0 end
        redis.call('HSET', KEYS[1], '{{PhaseField}}', '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('{{publish}}', ARGV[2], ARGV[3])
        return 1
        """;

    /// <summary>
    /// A connection closed. KEYS[1] state hash, KEYS[2] tab set; ARGV[1] TTL ms, ARGV[2] invalidation channel, ARGV[3]
    /// the key as published, ARGV[4] now ms or '', ARGV[5] tab, ARGV[6] tab TTL ms, ARGV[7] '1' when the profile
    /// synthesizes stops. Reply 1 when the burst ended and a stop is owed, else 0.
    /// </summary>
    public static string Leave(string publish) => NowFunction + TabFunctions + $$"""
        if redis.call('ZREM', KEYS[2], ARGV[5]) == 0 then return 0 end
        local now = now_ms(ARGV[4])
        prune_tabs(now, tonumber(ARGV[6]))
        if redis.call('ZCARD', KEYS[2]) > 0 or redis.call('HGET', KEYS[1], '{{PhaseField}}') ~= '1' then return 0 end
        redis.call('HSET', KEYS[1], '{{PhaseField}}', '0')
        local owed = 0
        if ARGV[7] == '1' then
          redis.call('HSET', KEYS[1], '{{StopOwedField}}', '1')
          owed = 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('{{publish}}', ARGV[2], ARGV[3])
        return owed
        """;

    /// <summary>
    /// KEYS[1] state hash, KEYS[2] tab set; ARGV[1] stop-after-idle ms, ARGV[2] TTL ms, ARGV[3] now ms or '', ARGV[4]
    /// invalidation channel, ARGV[5] the key as published. Reply <c>{-1}</c> nothing (idle), <c>{0, stop frame}</c>
    /// synthesize (this caller won: an owed stop or an idle burst), <c>{n}</c> with n &gt; 0 still typing: check again
    /// after n ms.
    /// </summary>
    public static string Idle(string publish) => NowFunction + $$"""
        local state = redis.call('HMGET', KEYS[1], '{{PhaseField}}', '{{LastActivityField}}', '{{StopOwedField}}', '{{StopTemplateField}}')
        if state[3] == '1' then
          redis.call('HDEL', KEYS[1], '{{StopOwedField}}', '{{StopTemplateField}}')
          return { {{IdleSynthesize}}, state[4] or '' }
        end
        if state[1] ~= '1' then return { {{IdleNothing}} } end
        local now = now_ms(ARGV[3])
        local stop_after = tonumber(ARGV[1])
        local since = now - (tonumber(state[2]) or 0)
        if since >= stop_after then
          redis.call('HSET', KEYS[1], '{{PhaseField}}', '0')
          redis.call('HDEL', KEYS[1], '{{StopTemplateField}}')
          redis.call('DEL', KEYS[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          redis.call('{{publish}}', ARGV[4], ARGV[5])
          return { {{IdleSynthesize}}, state[4] or '' }
        end
        if since < 0 then return { stop_after } end
        return { stop_after - since }
        """;
}
