namespace TypingGateway.Simulator.Genesys;

/// <summary>Behaviour of the simulated Genesys Web Messaging guest WebSocket (<c>/v1</c>).</summary>
public sealed class GenesysSimulatorOptions
{
    /// <summary>Accepted <c>onMessage</c> requests per session per sliding second (typing included).</summary>
    public int MessagesPerSecond { get; set; } = GenesysDefaults.MessagesPerSecond;

    /// <summary>The <c>retryAfter</c> value of the 429 frame, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = GenesysDefaults.RetryAfterSeconds;

    /// <summary>Longest accepted <c>message.text</c>; longer gives code 4011.</summary>
    public int MaxTextLength { get; set; } = GenesysDefaults.MaxTextLength;

    /// <summary>Delay before the agent typing event, and again before the agent reply.</summary>
    public TimeSpan AgentReplyDelay { get; set; } = TimeSpan.FromMilliseconds(GenesysDefaults.AgentReplyDelayMs);

    /// <summary><c>typing.duration</c> of the agent typing event, in milliseconds.</summary>
    public int AgentTypingDurationMs { get; set; } = GenesysDefaults.AgentTypingDurationMs;

    /// <summary>Whether a guest text is followed by agent typing and a scripted reply.</summary>
    public bool EnableAgentReplies { get; set; } = true;

    /// <summary>Scripted agent replies, used in turn per session. Empty means the single default reply.</summary>
    public IList<string> AgentReplies { get; set; } = [];
}
