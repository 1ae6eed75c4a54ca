namespace TypingGateway.WebSockets;

/// <summary>
/// The cap on concurrent upgraded (WebSocket) connections of one instance. Each proxied WebSocket holds two file
/// descriptors (the guest's socket and the upstream's); at the process's open-file limit .NET cannot accept and the
/// process dies, dropping every guest. Past the cap new upgrades get 503 with <c>Retry-After</c> instead.
/// </summary>
public sealed class UpgradeLimitOptions
{
    /// <summary>The configuration section, shared with <see cref="WebSocketFilterOptions"/>.</summary>
    public const string SectionName = WebSocketFilterOptions.SectionName;

    /// <summary>
    /// Most WebSocket connections this instance holds at once. Default: derived from the open-file soft limit as
    /// (limit − reserve) / 2, the reserve being 10 % of the limit and at least 512 descriptors (half of a limit under
    /// 1,024); no cap where the limit is unknown or unlimited.
    /// </summary>
    public int? MaxConnections { get; set; }

    /// <summary>The <c>Retry-After</c> sent with a refused upgrade. Default 5 s, from 1 s to 1 h.</summary>
    public TimeSpan RetryAfter { get; set; } = UpgradeLimitDefaults.RetryAfter;
}
