namespace TypingGateway.Redis;

/// <summary>
/// The token cache's scripts. KEYS are always <see cref="TokenRedisKeys.All"/>: token hash, lock, backoff,
/// failures. Times are Redis TTLs, so instances never compare their clocks with each other.
/// </summary>
internal static class TokenRedisScripts
{
    public const string AcquireName = "token.acquire";
    public const string PublishName = "token.publish";
    public const string FailName = "token.fail";
    public const string LoadName = "token.script-load";

    public const long Fresh = 1;
    public const long InBackoff = 2;
    public const long LockTaken = 3;
    public const long Busy = 4;

    /// <summary>
    /// ARGV: rejected fingerprint, lock owner, lock ms. Returns {state, backoff ms, sealed, fp, ttl ms, lifetime ms, refresh-before ms}:
    /// a fresh token; else the failure backoff still running; else the refresh lock, taken for the caller;
    /// else busy (another instance refreshes). The last five are set whenever a usable, not rejected token exists.
    /// </summary>
    public const string Acquire = """
        local h = redis.call('HMGET', KEYS[1], 'v', 'fp', 'rb', 'lt')
        local ttl = redis.call('PTTL', KEYS[1])
        local usable = h[1] and h[2] ~= ARGV[1] and ttl > 0
        local function reply(state, backoff)
          if usable then return {state, backoff, h[1], h[2], ttl, tonumber(h[4]), tonumber(h[3])} end
          return {state, backoff}
        end
        if usable and ttl > tonumber(h[3]) then return reply(1, 0) end
        local backoff = redis.call('PTTL', KEYS[3])
        if backoff > 0 then return reply(2, backoff) end
        if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return reply(3, 0) end
        return reply(4, 0)
        """;

    /// <summary>ARGV: lock owner, sealed token, fingerprint, refresh-before ms, lifetime ms. Stores the token, clears failures, releases the lock.</summary>
    public const string Publish = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'fp', ARGV[3], 'rb', ARGV[4], 'lt', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('DEL', KEYS[3], KEYS[4])
        if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        return 1
        """;

    /// <summary>
    /// ARGV: lock owner, base ms, max ms, jitter factor (at least 1), failure memory ms. Counts the failure,
    /// starts the backoff (base doubled per consecutive failure, capped, times the factor), releases the lock.
    /// Returns the backoff in ms.
    /// </summary>
    public const string Fail = """
        local n = redis.call('INCR', KEYS[4])
        redis.call('PEXPIRE', KEYS[4], ARGV[5])
        local backoff = math.floor(math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ math.min(n - 1, 30)) * tonumber(ARGV[4]))
        redis.call('SET', KEYS[3], n, 'PX', backoff)
        if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        return backoff
        """;
}
