namespace TypingGateway.Bench.Load;

/// <summary>What the guests of a typing storm sent and got back; upstream counts and CPU are added by the scenario.</summary>
/// <param name="Guests">Guest connections.</param>
/// <param name="Duration">Time the guests were sending.</param>
/// <param name="TypingSent">Typing frames the guests sent.</param>
/// <param name="MessagesSent">Text messages the guests sent.</param>
/// <param name="IdealTypingFrames">Typing frames design §3 lets through for exactly what was sent.</param>
/// <param name="MessagesAnswered">Messages the platform answered (its echo, or its error frame).</param>
/// <param name="MessagesRejected">Messages the platform answered with 429 (its per-session budget spent).</param>
/// <param name="MessageLatency">Send-to-answer time of text messages.</param>
internal sealed record TypingStormResult(
    int Guests,
    TimeSpan Duration,
    long TypingSent,
    long MessagesSent,
    long IdealTypingFrames,
    long MessagesAnswered,
    long MessagesRejected,
    LatencySummary MessageLatency);
