using TypingGateway.Protocols.CXone;
using TypingGateway.Protocols.Genesys;
using TypingGateway.Protocols.Json;

namespace TypingGateway.Protocols;

/// <summary>The platforms the gateway knows: adding one is its folder under <c>Protocols/</c> and one line here.</summary>
internal static class ChatPlatforms
{
    public static IReadOnlyList<ChatPlatform> All { get; } =
    [
        new GenesysWebMessagingPlatform(),
        new CxoneChatPlatform(),
        new GenesysAgentRestPlatform(),
        new GenesysGuestChat.GenesysGuestChatPlatform(),
        new JsonPlatform(),
    ];

    /// <summary>The platform whose <see cref="ChatPlatform.Kind"/> is <paramref name="kind"/> (case-insensitive).</summary>
    public static ChatPlatform? ByKind(string kind) =>
        All.FirstOrDefault(p => string.Equals(p.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>The platform that ships the profile named <paramref name="profile"/>.</summary>
    public static ChatPlatform? ByBuiltInProfile(string? profile) =>
        profile is null ? null : All.FirstOrDefault(p => string.Equals(p.BuiltInProfile, profile, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names of the shipped profiles.</summary>
    public static IReadOnlyList<string> BuiltInProfiles { get; } = [.. All.Select(p => p.BuiltInProfile).OfType<string>()];

    /// <summary>The kinds, for error messages.</summary>
    public static string Kinds => string.Join(", ", All.Select(p => p.Kind).SkipLast(1)) + " or " + All[^1].Kind;
}
