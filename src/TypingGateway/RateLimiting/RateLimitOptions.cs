namespace TypingGateway.RateLimiting;

/// <summary>Rate-limit policies, used by HTTP routes (<c>RateLimiterPolicy</c>) and WebSocket frame classes (route metadata).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>
    /// How many instances share the budget. Only used while Redis is unreachable: each instance then
    /// enforces 1/InstanceCount of every policy on its own. Default 1.
    /// </summary>
    public int InstanceCount { get; set; } = 1;

    /// <summary>Policies by name.</summary>
    public Dictionary<string, RateLimitPolicyOptions> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);
}
