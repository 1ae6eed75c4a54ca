using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>The one owner of the rate limits' Redis names (design.md §4): <c>{prefix}:rl:{&lt;partition&gt;}:&lt;policy&gt;</c>.</summary>
internal static class RateLimitRedisKeys
{
    public const string Segment = "rl";

    /// <summary>
    /// The GCRA state (the TAT) of one partition of one policy. The braces are the Redis Cluster hash tag around
    /// the partition, so every policy's state of one guest lives in one slot. Partitions come from
    /// <c>TypingKey.Create</c> and contain no braces, so a guest cannot move the tag; a part with a brace is refused here.
    /// </summary>
    /// <exception cref="ArgumentException">The partition or the policy is empty or contains a brace.</exception>
    public static RedisKey State(string prefix, string partition, string policy) =>
        $"{prefix}:{Segment}:{{{RedisHashSlot.ThrowIfNotTagSafe(partition)}}}:{RedisHashSlot.ThrowIfNotTagSafe(policy)}";
}
