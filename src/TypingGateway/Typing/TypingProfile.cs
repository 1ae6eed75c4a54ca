using TypingGateway.Protocols;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>A validated typing profile, ready to use.</summary>
internal sealed record TypingProfile(
    string Name,
    ChatPlatform Platform,
    TypingTransport Transport,
    TypingTimings Timings,
    TypingStopMode StopMode,
    PreviewMode Preview,
    ITypingRecognizer Recognizer,
    TimeSpan StaleAfter)
{
    /// <summary>Level- or edge-triggered client (design.md §3).</summary>
    public TypingClientStyle ClientStyle { get; init; }
}
