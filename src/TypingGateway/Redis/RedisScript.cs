namespace TypingGateway.Redis;

/// <summary>
/// A Lua script run by SHA-1 (<c>EVALSHA</c>) after one <c>SCRIPT LOAD</c>. The SHA is what the server
/// answered to the load; it is cached here (per store, not in a static) and refreshed when the server
/// answers NOSCRIPT, e.g. after a restart, a failover or <c>SCRIPT FLUSH</c>.
/// </summary>
internal sealed class RedisScript(string name, string text)
{
    private byte[]? _sha;

    /// <summary>The metric operation name of the script's calls.</summary>
    public string Name { get; } = name;

    public string Text { get; } = text;

    /// <summary>The SHA-1 the server returned when the script was loaded; null until then.</summary>
    public byte[]? Sha
    {
        get => Volatile.Read(ref _sha);
        set => Volatile.Write(ref _sha, value);
    }
}
