namespace TypingGateway.Typing;

/// <summary>Typing profiles, by name. A route uses one through its <c>TypingProfile</c> metadata.</summary>
public sealed class TypingOptions
{
    public const string SectionName = "Typing";

    /// <summary>
    /// Profiles by name. The built-in names (<c>genesys-webmessaging</c>, <c>cxone-chat</c>,
    /// <c>genesys-agent-rest</c>) exist without configuration; an entry with a built-in name
    /// overrides that profile's settings.
    /// </summary>
    public Dictionary<string, TypingProfileOptions> Profiles { get; } = new(StringComparer.OrdinalIgnoreCase);
}
