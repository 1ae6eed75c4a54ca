namespace TypingGateway.Typing.State;

/// <summary>
/// What one collapse state belongs to: a profile and a guest/session/conversation id. Every tab,
/// reconnect and gateway instance of one guest produces the same key. Build it with
/// <see cref="TypingKey.Create"/>, which makes guest-supplied ids safe to use in a Redis key.
/// </summary>
internal readonly record struct TypingKey
{
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
    public static TypingKey Create(string profile, params ReadOnlySpan<string?> idParts) => throw new NotImplementedException();

    public override string ToString() => $"{Profile}:{Id}";
}
