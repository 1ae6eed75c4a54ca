using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>
/// The one owner of the token cache's Redis names (design.md §4): the token hash <c>{prefix}:token:{&lt;upstream&gt;}</c>
/// and its companions (refresh lock, failure backoff, failure count). The hash tag keeps all four in one
/// slot so a script may touch them together; upstream names are validated to contain no braces.
/// </summary>
internal static class TokenRedisKeys
{
    public const string Segment = "token";

    /// <summary>Field of the token hash: the sealed token (see the broker's protector), never the plain token.</summary>
    public const string ValueField = "v";

    /// <summary>Field of the token hash: the token's fingerprint, so a rejected token is recognised without decrypting.</summary>
    public const string FingerprintField = "fp";

    /// <summary>Field of the token hash: refresh when fewer than this many ms of life are left.</summary>
    public const string RefreshBeforeField = "rb";

    /// <summary>Field of the token hash: the token's whole lifetime in ms (its age is this minus the key's PTTL).</summary>
    public const string LifetimeField = "lt";

    /// <exception cref="ArgumentException">The upstream name is empty or contains a brace.</exception>
    public static RedisKey[] All(string prefix, string upstream)
    {
        var token = $"{prefix}:{Segment}:{{{RedisHashSlot.ThrowIfNotTagSafe(upstream)}}}";
        return [token, token + ":lock", token + ":backoff", token + ":failures"];
    }
}
