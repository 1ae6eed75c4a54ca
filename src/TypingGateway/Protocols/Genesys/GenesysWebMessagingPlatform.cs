using TypingGateway.Typing;

namespace TypingGateway.Protocols.Genesys;

/// <summary>
/// Genesys Cloud Web Messaging guest WebSocket (protocols.md §1): level-triggered (the Messenger SDK repeats
/// <c>Typing On</c> at most every 5 s), no typing Off, its own 429 and 4011 frames and channel constraints.
/// </summary>
internal sealed class GenesysWebMessagingPlatform : ChatPlatform
{
    /// <summary>Genesys Web Messaging's answer to a guest over its rate (protocols.md §1.2, SDK fixture).</summary>
    public const string RejectionFrame =
        """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":{retryAfter},"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""";

    public override string Kind => "GenesysWebMessaging";

    public override string? BuiltInProfile => TypingProfiles.GenesysWebMessaging;

    public override TypingTransport? Transport => TypingTransport.WebSocket;

    public override string? NoStopReason => GenesysFields.NoTypingOff;

    public override TimeSpan DefaultStartInterval(TypingStopMode stop) => DefaultRefresh;

    public override ITypingRecognizer CreateRecognizer(string profile, TypingProfileOptions options, TypingStopMode stop, Action<string> error) =>
        new GenesysWebMessagingRecognizer(profile);

    public override string RateLimitRejectionFrame => RejectionFrame;

    // Typing is an onMessage request: it uses the guest's 2 requests per session per second (protocols.md §1.4).
    public override bool TypingSharesMessageBudget => true;

    // protocols.md §1.2: the class names the rejection (its errorCode is 4029 in the SDK's fixture, 429 in production logs).
    public override ReadOnlyMemory<byte> RejectionMarker { get; } = "\"class\":\"TooManyRequestsErrorMessage\""u8.ToArray();

    public override IChannelConstraints ChannelConstraints { get; } = new GenesysChannelConstraints();
}
