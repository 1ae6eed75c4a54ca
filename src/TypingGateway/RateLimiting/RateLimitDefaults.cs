namespace TypingGateway.RateLimiting;

/// <summary>Defaults of rate limiting, in one place.</summary>
internal static class RateLimitDefaults
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public const double CloseAtMultiple = 3;

    /// <summary>The window over which sustained abuse of a WebSocket is measured.</summary>
    public static readonly TimeSpan AbuseWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long leased permits (<c>LeasePermits</c>) may wait on an instance before they are dropped. Only bounds memory:
    /// the policy's error bound (k − 1 per instance) holds whatever it is.
    /// </summary>
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(10);

    /// <summary>Default <c>LeasePermits</c>: every permit is decided by the store.</summary>
    public const int LeasePermits = 1;

    public const string RetryAfterPlaceholder = "{retryAfter}";

    /// <summary>
    /// Upper bound of a route's <c>MaxMessageBytes</c>: 64 MiB. A chat message that large is no message
    /// any platform accepts, so a higher limit would protect nothing.
    /// </summary>
    public const int MaxMessageBytesBound = 64 * 1024 * 1024;
}
