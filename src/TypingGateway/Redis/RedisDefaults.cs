namespace TypingGateway.Redis;

internal static class RedisDefaults
{
    public const string KeyPrefix = "typinggateway";

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The first probe of an outage; the delay doubles up to <see cref="MaxProbeDelay"/>.</summary>
    public static readonly TimeSpan FirstProbeDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Shared state resumes at most this long after Redis answers again (plus a reconnect).</summary>
    public static readonly TimeSpan MaxProbeDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the multiplexer checks its connections (and notices a frozen server).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the multiplexer waits between reconnect attempts.</summary>
    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(250);
}
