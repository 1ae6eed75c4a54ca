using StackExchange.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Redis;

/// <summary>
/// The one owner of the typing state's Redis names (design.md §4): the state hash
/// <c>{prefix}:typing:{&lt;profile&gt;:&lt;id&gt;}</c> and the invalidation channel <c>{prefix}:typing:invalidate</c>.
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

    /// <summary>
    /// The key of one collapse state. The braces are the Redis Cluster hash tag: a script touches one key, and
    /// the tag keeps any future per-guest companion keys in the same slot. <see cref="TypingKey"/> guarantees
    /// profile and id contain no braces, so a guest cannot move the tag.
    /// </summary>
    public static RedisKey State(string prefix, TypingKey key) => $"{prefix}:{Segment}:{{{key.Profile}:{key.Id}}}";

    /// <summary>The guest's typing tabs (sorted set: connection id → last signal), in the state's slot.</summary>
    public static RedisKey Tabs(string prefix, TypingKey key) => $"{prefix}:{Segment}:{{{key.Profile}:{key.Id}}}:{TabsSegment}";

    /// <summary>The pub/sub channel on which the end of a burst is announced; the message is <see cref="TypingKey.ToString"/>.</summary>
    public static RedisChannel InvalidationChannel(string prefix) =>
        new($"{prefix}:{Segment}:{InvalidateSegment}", RedisChannel.PatternMode.Literal);
}
