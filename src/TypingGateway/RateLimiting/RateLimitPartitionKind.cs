namespace TypingGateway.RateLimiting;

/// <summary>Where a policy's partition value comes from.</summary>
internal enum RateLimitPartitionKind
{
    ClientIp,
    RouteValue,
    Header,
    Query,

    /// <summary>The guest id the WebSocket route's typing profile reads from each frame.</summary>
    Guest,
}
