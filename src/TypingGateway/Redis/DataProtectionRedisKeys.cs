using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>
/// The one owner of the Data Protection key ring's Redis name: the list <c>{prefix}:dataprotection-keys</c>
/// (one XML element per key, appended by <c>RedisXmlRepository</c>). Unlike every other gateway key it has
/// no TTL: the keys carry their own expiry dates, and a protected cookie must outlive a quiet week.
/// </summary>
internal static class DataProtectionRedisKeys
{
    public const string Segment = "dataprotection-keys";

    public static RedisKey KeyRing(string prefix) => $"{prefix}:{Segment}";
}
