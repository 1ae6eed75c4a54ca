using System.Threading.RateLimiting;

namespace TypingGateway.RateLimiting;

/// <summary>A permit, or its refusal with the time until the next one, of one policy.</summary>
internal sealed class GcraLease(bool acquired, RateLimitPolicy? policy, TimeSpan retryAfter) : RateLimitLease
{
    /// <summary>Returned by the synchronous path so ASP.NET Core's middleware asks asynchronously (Redis cannot be asked synchronously).</summary>
    public static GcraLease Undecided { get; } = new(false, null, TimeSpan.Zero);

    public static GcraLease Unlimited { get; } = new(true, null, TimeSpan.Zero);

    public override bool IsAcquired { get; } = acquired;

    /// <summary>The policy that decided; null when no policy applied.</summary>
    public RateLimitPolicy? Policy { get; } = policy;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public override IEnumerable<string> MetadataNames => IsAcquired ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = !IsAcquired && metadataName == MetadataName.RetryAfter.Name ? RetryAfter : null;
        return metadata is not null;
    }
}
