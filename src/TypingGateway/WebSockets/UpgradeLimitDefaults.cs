namespace TypingGateway.WebSockets;

internal static class UpgradeLimitDefaults
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>File descriptors every proxied WebSocket holds: the guest's socket and the upstream's.</summary>
    public const int DescriptorsPerConnection = 2;

    /// <summary>The least reserve for everything else (assemblies, Redis, epoll, listeners, HTTP keep-alives, the 503s themselves).</summary>
    public const int MinReservedDescriptors = 512;

    /// <summary>The reserve as a share of the limit, for large limits.</summary>
    public const int ReservedPercent = 10;

    /// <summary>
    /// The default cap for an open-file soft limit; <see cref="int.MaxValue"/> (no cap) when it is unknown. Measured
    /// (issue 12): with a limit of 20,000 the process died at 9,859 idle guest sockets, i.e. ~280 descriptors besides
    /// two per socket; the default keeps 2,000 in reserve there and caps at 9,000.
    /// </summary>
    public static int MaxConnections(long? openFileSoftLimit)
    {
        if (openFileSoftLimit is not { } limit)
        {
            return int.MaxValue;
        }

        var reserve = Math.Max(limit * ReservedPercent / 100, Math.Min(MinReservedDescriptors, limit / 2));
        return (int)Math.Clamp((limit - reserve) / DescriptorsPerConnection, 1, int.MaxValue);
    }
}
