using TypingGateway.Typing;

namespace TypingGateway.Protocols.Genesys;

/// <summary>Genesys Platform REST typing for agents and bots (protocols.md §2.1): at most one per 5 s, no Off.</summary>
internal sealed class GenesysAgentRestPlatform : ChatPlatform
{
    public override string Kind => "GenesysAgentRest";

    public override string? BuiltInProfile => TypingProfiles.GenesysAgentRest;

    public override TypingTransport? Transport => TypingTransport.Http;

    public override string? NoStopReason => GenesysFields.NoTypingOff;

    public override ITypingRecognizer CreateRecognizer(string profile, TypingProfileOptions options, TypingStopMode stop, Action<string> error) =>
        new GenesysAgentRestRecognizer(profile);
}
