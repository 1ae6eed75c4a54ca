namespace TypingGateway.RateLimiting;

/// <summary>The validated <c>RateLimits</c> section, swapped as one on reload.</summary>
internal sealed record RateLimitSettings(IReadOnlyDictionary<string, RateLimitPolicy> Policies, int InstanceCount)
{
    public static RateLimitSettings Empty { get; } = new(new Dictionary<string, RateLimitPolicy>(), 1);
}
