using Microsoft.Extensions.Primitives;

namespace TypingGateway.RateLimiting;

/// <summary>A validated policy.</summary>
internal sealed record RateLimitPolicy(
    string Name,
    GcraLimits Limits,
    RateLimitPartitionKind Partition,
    string? PartitionName,
    RateLimitMode Mode,
    double CloseAtMultiple,
    string? RejectionFrame,
    int LeasePermits = RateLimitDefaults.LeasePermits)
{
    /// <summary>The limits of one HTTP request's decision: never shaped, leased <see cref="LeasePermits"/> at a time.</summary>
    public GcraLimits HttpLimits => Limits with { MaxDelay = TimeSpan.Zero, Lease = LeasePermits };

    /// <summary>The allowance within <see cref="RateLimitDefaults.AbuseWindow"/>: burst plus the window's refill.</summary>
    public double WindowAllowance => Limits.Burst + (Limits.PermitsPerSecond * RateLimitDefaults.AbuseWindow.TotalSeconds);

    /// <summary>The partition value of an HTTP request (or a WebSocket upgrade request); null when the request has none.</summary>
    public string? PartitionOf(HttpContext context)
    {
        StringValues values = Partition switch
        {
            RateLimitPartitionKind.ClientIp => context.Connection.RemoteIpAddress?.ToString(),
            RateLimitPartitionKind.RouteValue => context.GetRouteValue(PartitionName!)?.ToString(),
            RateLimitPartitionKind.Header => context.Request.Headers[PartitionName!],
            RateLimitPartitionKind.Query => context.Request.Query[PartitionName!],
            _ => default,
        };
        // The first non-empty value: "?id=&id=x" must not yield an empty (and so unusable) partition.
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}
