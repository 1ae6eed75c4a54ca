namespace TypingGateway.RateLimiting;

/// <summary>What happens to a request or frame over a policy's limit.</summary>
public enum RateLimitMode
{
    /// <summary>Answered at once in the platform's format (HTTP 429, a WebSocket error frame); not forwarded.</summary>
    Reject,

    /// <summary>WebSocket messages wait (in order) up to <c>MaxDelay</c> for their turn; only what would wait longer is rejected.</summary>
    Shape,
}
