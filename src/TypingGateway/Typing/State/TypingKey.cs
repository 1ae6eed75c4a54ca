using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace TypingGateway.Typing.State;

/// <summary>
/// What one collapse state belongs to: a profile and a guest/session/conversation id. Every tab,
/// reconnect and gateway instance of one guest produces the same key. Build it with
/// <see cref="TypingKey.Create"/>, which makes guest-supplied ids safe to use in a Redis key.
/// </summary>
internal readonly record struct TypingKey
{
    /// <summary>Prefix of an id (or profile) that was hashed rather than kept as it was.</summary>
    public const string HashedIdPrefix = "sha256:";

    /// <summary>Prefix of a profile name that was hashed (no ':' so the profile/id split stays unambiguous).</summary>
    public const string HashedProfilePrefix = "sha256-";

    /// <summary>Longest id (all parts joined) kept as it is; longer ids are hashed so keys stay bounded.</summary>
    public const int MaxPlainIdLength = 128;

    /// <summary>Longest profile name kept as it is.</summary>
    public const int MaxPlainProfileLength = 64;

    /// <summary>Joins the parts of a multi-part id (e.g. deployment and session token).</summary>
    public const char PartSeparator = ':';

    // Characters that cannot form key syntax (no braces for the cluster hash tag, no whitespace,
    // no control characters) and keep keys readable for whoever inspects Redis.
    private static readonly SearchValues<char> _plainIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-");

    // A profile is a configured name: the same set minus ':' (the first ':' of "profile:id" ends
    // the profile) and '@'.
    private static readonly SearchValues<char> _profileChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    private static readonly SearchValues<char> _lowerHexChars = SearchValues.Create("0123456789abcdef");

    private TypingKey(string profile, string id)
    {
        Profile = profile;
        Id = id;
    }

    /// <summary>The typing profile's name.</summary>
    public string Profile { get; }

    /// <summary>The guest's id, validated or encoded (never contains braces, whitespace or control characters).</summary>
    public string Id { get; }

    /// <summary>
    /// Ids of 1–128 characters from <c>[A-Za-z0-9._:@-]</c> are kept as they are (readable keys);
    /// anything else (other characters, longer ids) becomes <c>sha256:&lt;hex&gt;</c>, so a guest
    /// cannot inject key syntax or grow keys without bound. Null or empty parts are rejected.
    /// </summary>
    /// <remarks>
    /// Several parts are joined with ':' when none of them contains ':' (otherwise <c>("a:b","c")</c>
    /// and <c>("a","b:c")</c> would share a key) and the result stays within 128 characters. An id that
    /// already starts with <c>sha256:</c> is hashed too, so no guest can name another guest's hashed key.
    /// The hash is SHA-256 over every part's UTF-8 bytes, each preceded by its length as a 4-byte
    /// big-endian integer (unambiguous for any content). A profile name outside <c>[A-Za-z0-9._-]{1,64}</c>
    /// (config validation should prevent it) becomes <c>sha256-&lt;hex&gt;</c> rather than failing traffic.
    /// </remarks>
    /// <exception cref="ArgumentException">The profile is null or empty, there is no id part, or a part is null or empty.</exception>
    public static TypingKey Create(string profile, params ReadOnlySpan<string?> idParts)
    {
        ArgumentException.ThrowIfNullOrEmpty(profile);
        if (idParts.IsEmpty)
        {
            throw new ArgumentException("A typing key needs at least one id part.", nameof(idParts));
        }

        var length = idParts.Length - 1;
        var plain = true;
        foreach (var part in idParts)
        {
            if (string.IsNullOrEmpty(part))
            {
                throw new ArgumentException("Typing key id parts must not be null or empty.", nameof(idParts));
            }

            length += part.Length;
            plain &= !part.AsSpan().ContainsAnyExcept(_plainIdChars)
                && (idParts.Length == 1 || !part.Contains(PartSeparator, StringComparison.Ordinal));
        }

        plain &= length <= MaxPlainIdLength && !idParts[0]!.StartsWith(HashedIdPrefix, StringComparison.Ordinal);
        var id = !plain ? HashedIdPrefix + Hash(idParts)
            : idParts.Length == 1 ? idParts[0]!
            : string.Join(PartSeparator, idParts!);
        var safeProfile = IsValidProfileName(profile) ? profile : HashedProfilePrefix + Hash([profile]);
        return new TypingKey(safeProfile, id);
    }

    /// <summary>True when <paramref name="profile"/> is used in keys as it is: 1–64 characters from <c>[A-Za-z0-9._-]</c>.</summary>
    public static bool IsValidProfileName(string? profile) =>
        !string.IsNullOrEmpty(profile)
        && profile.Length <= MaxPlainProfileLength
        && !profile.AsSpan().ContainsAnyExcept(_profileChars);

    /// <summary>
    /// Reads back the <see cref="ToString"/> form (<c>profile:id</c>), e.g. from an invalidation message
    /// another instance published. Accepts only what <see cref="Create"/> can produce.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out TypingKey? key)
    {
        key = null;
        var separator = value?.IndexOf(PartSeparator, StringComparison.Ordinal) ?? -1;
        if (value is null || separator <= 0)
        {
            return false;
        }

        var profile = value[..separator];
        var id = value[(separator + 1)..];
        var validProfile = IsValidProfileName(profile) || IsHash(profile, HashedProfilePrefix);
        var validId = id.Length is > 0 and <= MaxPlainIdLength && !id.AsSpan().ContainsAnyExcept(_plainIdChars)
            && (!id.StartsWith(HashedIdPrefix, StringComparison.Ordinal) || IsHash(id, HashedIdPrefix));
        if (!validProfile || !validId)
        {
            return false;
        }

        key = new TypingKey(profile, id);
        return true;
    }

    public override string ToString() => $"{Profile}{PartSeparator}{Id}";

    private static bool IsHash(string value, string prefix) =>
        value.Length == prefix.Length + (SHA256.HashSizeInBytes * 2)
        && value.StartsWith(prefix, StringComparison.Ordinal)
        && !value.AsSpan(prefix.Length).ContainsAnyExcept(_lowerHexChars);

    private static string Hash(ReadOnlySpan<string?> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part!);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
