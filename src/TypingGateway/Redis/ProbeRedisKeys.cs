using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>
/// The one owner of the outage probe's Redis name: <c>{prefix}:probe:{&lt;slot tag&gt;}</c>, a key that is only ever
/// read (<c>EXISTS</c>), one per Redis Cluster shard, so that the probe reaches each shard's primary the way a script
/// for a key of that shard would.
/// </summary>
internal static class ProbeRedisKeys
{
    public const string Segment = "probe";

    public static RedisKey Shard(string prefix, int slot) => $"{prefix}:{Segment}:{{{RedisHashSlot.Tag(slot)}}}";
}
