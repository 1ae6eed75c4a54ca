namespace TypingGateway.Redis;

/// <summary>
/// A Lua script run by SHA-1 (<c>EVALSHA</c>) after one <c>SCRIPT LOAD</c>. The SHA is what the server
/// answered to the load; it is cached here (per store, not in a static) and refreshed when the server
/// answers NOSCRIPT, e.g. after a restart, a failover or <c>SCRIPT FLUSH</c>.
/// </summary>
/// <remarks>
/// Every script starts with <see cref="DeadlineGuard"/>: its last argument is the caller's deadline in the server's
/// clock (<see cref="RedisOutagePolicy.ServerDeadline"/>), and a script that runs later, e.g. queued in a frozen
/// server that resumed, changes nothing and answers <see cref="LateReply"/>.
/// </remarks>
internal sealed class RedisScript(string name, string text)
{
    /// <summary>The error a script answers when its caller's deadline has passed.</summary>
    public const string LateReply = "TGLATE";

    // ARGV[#ARGV] is appended by RedisScriptRunner, so the scripts' own argument numbers are unchanged.
    private const string DeadlineGuard = """
        do
          local deadline = tonumber(ARGV[#ARGV])
          if deadline and deadline > 0 then
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > deadline then
              return redis.error_reply('TGLATE the caller gave up on this call')
            end
          end
        end

        """;

    private byte[]? _sha;

    /// <summary>The metric operation name of the script's calls.</summary>
    public string Name { get; } = name;

    public string Text { get; } = DeadlineGuard + text;

    /// <summary>The SHA-1 the server returned when the script was loaded; null until then.</summary>
    public byte[]? Sha
    {
        get => Volatile.Read(ref _sha);
        set => Volatile.Write(ref _sha, value);
    }
}
