using TypingGateway.Typing;

namespace TypingGateway.Protocols.CXone;

/// <summary>
/// NICE CXone digital chat (protocols.md §3). The web SDK is edge-triggered: one <c>SenderTypingStarted</c> per
/// burst and its own <c>SenderTypingEnded</c> 1 s after the last key, so the gateway forwards the guest's end
/// (when no other tab types) and synthesizes one only as a safety net.
/// </summary>
internal sealed class CxoneChatPlatform : ChatPlatform
{
    public override string Kind => "CxoneChat";

    public override string? BuiltInProfile => TypingProfiles.CxoneChat;

    public override TypingTransport? Transport => TypingTransport.WebSocket;

    public override TypingStopMode DefaultStop => TypingStopMode.SynthesizeAfterIdle;

    public override TypingClientStyle ClientStyle => TypingClientStyle.EdgeTriggered;

    // The error code of a throttled request, as the simulator answers it (protocols.md: CXone's own throttling format is
    // unverified; a value in another shape is simply not counted).
    public override ReadOnlyMemory<byte> RejectionMarker { get; } = "\"errorCode\":\"TooManyRequests\""u8.ToArray();

    public override ITypingRecognizer CreateRecognizer(string profile, TypingProfileOptions options, TypingStopMode stop, Action<string> error) =>
        new CxoneChatRecognizer(profile);
}
