using TypingGateway.Typing;

namespace TypingGateway.Protocols;

/// <summary>
/// Everything one chat platform brings to the gateway (conventions: a platform is one folder): its recogniser,
/// the timings and client style of its official clients, and its answers to a guest (error frames, channel
/// constraints). The core asks the platform, never "is this Genesys?". Registered in <see cref="ChatPlatforms"/>.
/// </summary>
internal abstract class ChatPlatform
{
    /// <summary>Refresh interval of level-triggered platforms that state none (Genesys' "at most once every 5 seconds").</summary>
    protected static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(5);

    /// <summary>The value of a profile's <c>Kind</c> that selects this platform.</summary>
    public abstract string Kind { get; }

    /// <summary>The profile the gateway ships for this platform (its name implies the kind); null for none.</summary>
    public virtual string? BuiltInProfile => null;

    /// <summary>WebSocket or Http; null when each profile says (generic platforms).</summary>
    public virtual TypingTransport? Transport => null;

    /// <summary>How a burst ends upstream when the profile does not say.</summary>
    public virtual TypingStopMode DefaultStop => TypingStopMode.None;

    /// <summary>Non-null when the platform has no typing stop: why <c>Stop</c> must be None.</summary>
    public virtual string? NoStopReason => null;

    /// <summary>How the platform's official clients signal typing.</summary>
    public virtual TypingClientStyle ClientStyle => TypingClientStyle.LevelTriggered;

    /// <summary>Minimum time between forwarded starts while typing continues; infinite: once per burst.</summary>
    public virtual TimeSpan DefaultStartInterval(TypingStopMode stop) =>
        stop == TypingStopMode.SynthesizeAfterIdle ? Timeout.InfiniteTimeSpan : DefaultRefresh;

    /// <summary>A start after this long without typing begins a new burst (clients that send one start per burst and no stop).</summary>
    public virtual TimeSpan? DefaultNewBurstAfter => null;

    /// <summary>The profile's recogniser; null (with errors reported) when the options do not make one.</summary>
    public abstract ITypingRecognizer? CreateRecognizer(string profile, TypingProfileOptions options, TypingStopMode stop, Action<string> error);

    /// <summary>The frame sent to a guest over a rate limit, with <c>{retryAfter}</c> for the seconds to wait.</summary>
    public virtual string RateLimitRejectionFrame => """{"error":"rate_limited","retryAfter":{retryAfter}}""";

    /// <summary>
    /// Answers an HTTP typing request the gateway collapsed (the platform already shows typing): 202 without a body,
    /// unless the platform's clients expect its own success shape.
    /// </summary>
    public virtual Task WriteSuppressedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>
    /// True when the platform counts guest typing in the same request budget as messages (Genesys: typing rides on
    /// <c>onMessage</c>, 2 per session per second): forwarded typing is then charged to the route's message policy
    /// and yields to messages, so the platform never rejects a message because of typing.
    /// </summary>
    public virtual bool TypingSharesMessageBudget => false;

    /// <summary>
    /// Bytes that mark the platform's own rate-limit rejection near the start of a text message it sends a guest (Genesys:
    /// <c>"class":"TooManyRequestsErrorMessage"</c>), counted as platform rejections; empty when the platform has none the
    /// gateway can recognise. A name and its value as the platform writes them, with their quotes: inside a string value
    /// the quotes would be escaped, so a guest's or agent's text cannot match.
    /// </summary>
    public virtual ReadOnlyMemory<byte> RejectionMarker => ReadOnlyMemory<byte>.Empty;

    /// <summary>The platform's answers to guest frames that break channel constraints; null when it has none.</summary>
    public virtual IChannelConstraints? ChannelConstraints => null;
}
