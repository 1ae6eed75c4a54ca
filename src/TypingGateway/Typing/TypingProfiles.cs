namespace TypingGateway.Typing;

/// <summary>Names of the typing profiles the gateway ships, and where custom ones are configured.</summary>
public static class TypingProfiles
{
    public const string GenesysWebMessaging = "genesys-webmessaging";
    public const string CxoneChat = "cxone-chat";
    public const string GenesysAgentRest = "genesys-agent-rest";

    /// <summary>Configuration section whose children are custom profiles, keyed by name.</summary>
    public const string CustomProfilesSection = "Typing:Profiles";

    public static IReadOnlyList<string> Known(IConfiguration configuration) =>
        [.. Protocols.ChatPlatforms.BuiltInProfiles, .. configuration.GetSection(CustomProfilesSection).GetChildren().Select(c => c.Key)];
}
