namespace TypingGateway.RateLimiting;

/// <summary>One rate-limit policy (<c>RateLimits:Policies:&lt;name&gt;</c>), shared by every instance through Redis.</summary>
public sealed class RateLimitPolicyOptions
{
    /// <summary>Sustained permits per second, per partition (e.g. 2 for Genesys' 2 messages per session per second).</summary>
    public double PermitsPerSecond { get; set; }

    /// <summary>Permits that may be taken at once from idle. Default: the rate rounded up (at least 1).</summary>
    public int? Burst { get; set; }

    /// <summary>
    /// What one budget belongs to: <c>ip</c>, <c>route:&lt;name&gt;</c>, <c>header:&lt;name&gt;</c>,
    /// <c>query:&lt;name&gt;</c>, or on WebSocket routes <c>guest</c> (the guest id the route's typing profile reads from each frame).
    /// </summary>
    public string? Partition { get; set; }

    /// <summary>
    /// HTTP routes with Mode Reject: each instance takes up to this many permits of a partition from Redis at once and
    /// admits with them without a round trip (decision 0016). Admitted requests across N instances may then exceed the
    /// policy by at most N × (LeasePermits − 1) in any interval. Default 1 (no leasing); at most <see cref="Burst"/>.
    /// WebSocket frames are always decided one at a time.
    /// </summary>
    public int LeasePermits { get; set; } = RateLimitDefaults.LeasePermits;

    /// <summary><see cref="RateLimitMode.Reject"/> (default) or <see cref="RateLimitMode.Shape"/> (WebSocket messages only).</summary>
    public RateLimitMode Mode { get; set; } = RateLimitMode.Reject;

    /// <summary>Shape: the longest a message may be held back. Default 2 s.</summary>
    public TimeSpan MaxDelay { get; set; } = RateLimitDefaults.MaxDelay;

    /// <summary>
    /// WebSocket: close the socket with 1008 when a guest sends more than this multiple of the policy's
    /// allowance within <see cref="RateLimitDefaults.AbuseWindow"/>. Default 3; 0 never closes.
    /// </summary>
    public double CloseAtMultiple { get; set; } = RateLimitDefaults.CloseAtMultiple;

    /// <summary>
    /// WebSocket: the error frame sent to the guest for a rejected frame, with <c>{retryAfter}</c> (whole seconds)
    /// replaced. Default: the platform's own (Genesys <c>TooManyRequestsErrorMessage</c>), else a small JSON error.
    /// </summary>
    public string? RejectionFrame { get; set; }
}
