namespace TypingGateway.RateLimiting;

/// <summary>Defaults of rate limiting, in one place.</summary>
internal static class RateLimitDefaults
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public const double CloseAtMultiple = 3;

    /// <summary>The window over which sustained abuse of a WebSocket is measured.</summary>
    public static readonly TimeSpan AbuseWindow = TimeSpan.FromSeconds(10);

    /// <summary>Genesys Web Messaging's answer to a guest over its rate (protocols.md §1.2, SDK fixture).</summary>
    public const string GenesysRejectionFrame =
        """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":{retryAfter},"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""";

    /// <summary>For protocols without a documented error frame.</summary>
    public const string GenericRejectionFrame = """{"error":"rate_limited","retryAfter":{retryAfter}}""";

    public const string RetryAfterPlaceholder = "{retryAfter}";

    /// <summary>
    /// Upper bound of a route's <c>MaxMessageBytes</c>: 64 MiB. A chat message that large is no message
    /// any platform accepts, so a higher limit would protect nothing.
    /// </summary>
    public const int MaxMessageBytesBound = 64 * 1024 * 1024;
}
