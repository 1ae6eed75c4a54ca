using StackExchange.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Redis;

/// <summary>
/// The one owner of the typing state's Redis names (design.md §4): the state hash
/// <c>{prefix}:typing:{&lt;profile&gt;:&lt;id&gt;}</c>, the guest's tab set beside it, and the invalidation channels:
/// <c>{prefix}:typing:invalidate</c> on one Redis, <c>{prefix}:typing:invalidate:{&lt;slot tag&gt;}</c> per slot on a
/// Redis Cluster (docs/decisions/0014).
/// </summary>
internal static class TypingRedisKeys
{
    public const string Segment = "typing";

    public const string InvalidateSegment = "invalidate";

    /// <summary>Field of the state hash: <c>1</c> typing, <c>0</c> idle (absent: idle).</summary>
    public const string PhaseField = "s";

    /// <summary>Field of the state hash: last forwarded start, Unix ms of Redis <c>TIME</c>.</summary>
    public const string LastForwardField = "f";

    /// <summary>Field of the state hash: last start received, Unix ms of Redis <c>TIME</c>.</summary>
    public const string LastActivityField = "a";

    /// <summary>Field of the state hash: <c>1</c> when a closed tab ended the burst and its stop is still owed.</summary>
    public const string StopOwedField = "o";

    /// <summary>Field of the state hash: the burst's stop frame, sent by whichever instance ends the burst.</summary>
    public const string StopTemplateField = "t";

    public const string TabsSegment = "tabs";

    // The longest tag of a TypingKey: a hashed profile (71) + ':' + a plain id (128).
    private const int TagStackLimit = 256;

    /// <summary>
    /// The key of one collapse state. The braces are the Redis Cluster hash tag: a script touches one key, and
    /// the tag keeps any future per-guest companion keys in the same slot. <see cref="TypingKey"/> guarantees
    /// profile and id contain no braces, so a guest cannot move the tag.
    /// </summary>
    public static RedisKey State(string prefix, TypingKey key) => $"{prefix}:{Segment}:{{{key.Profile}:{key.Id}}}";

    /// <summary>The guest's typing tabs (sorted set: connection id → last signal), in the state's slot.</summary>
    public static RedisKey Tabs(string prefix, TypingKey key) => $"{prefix}:{Segment}:{{{key.Profile}:{key.Id}}}:{TabsSegment}";

    /// <summary>
    /// The Redis Cluster slot of <paramref name="key"/>'s state and tab set (the slot of their hash tag), computed
    /// without allocating: the near cache asks it for every typing start.
    /// </summary>
    public static int Slot(TypingKey key)
    {
        var length = key.Profile.Length + 1 + key.Id.Length;
        if (length > TagStackLimit)
        {
            return RedisHashSlot.OfTag($"{key.Profile}:{key.Id}");
        }

        Span<char> tag = stackalloc char[TagStackLimit];
        key.Profile.CopyTo(tag);
        tag[key.Profile.Length] = TypingKey.PartSeparator;
        key.Id.CopyTo(tag[(key.Profile.Length + 1)..]);
        return RedisHashSlot.OfTag(tag[..length]);
    }

    /// <summary>
    /// The channel on which the end of a burst is announced on one Redis (ordinary pub/sub, every instance hears
    /// every key); the message is <see cref="TypingKey.ToString"/>.
    /// </summary>
    public static RedisChannel InvalidationChannel(string prefix) =>
        RedisChannel.Literal($"{prefix}:{Segment}:{InvalidateSegment}");

    /// <summary>
    /// The sharded channel (<c>SPUBLISH</c>/<c>SSUBSCRIBE</c>) on which the end of a burst of any key in
    /// <paramref name="slot"/> is announced on a Redis Cluster. Its hash tag lands in that slot, so a script publishes
    /// on the shard that holds the key, and an instance listens to a slot once, not to every guest
    /// (docs/decisions/0014). The message is <see cref="TypingKey.ToString"/>.
    /// </summary>
    public static RedisChannel ShardInvalidationChannel(string prefix, int slot) =>
        RedisChannel.Sharded($"{prefix}:{Segment}:{InvalidateSegment}:{{{RedisHashSlot.Tag(slot)}}}");
}
