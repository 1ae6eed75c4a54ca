namespace TypingGateway.Simulator.Genesys;

/// <summary>Defaults of the Genesys simulation, from protocols.md §1.4 and the SDK fixtures.</summary>
internal static class GenesysDefaults
{
    public const int MessagesPerSecond = 2;
    public const int RetryAfterSeconds = 3;
    public const int MaxTextLength = 4000;
    public const int AgentReplyDelayMs = 50;
    public const int AgentTypingDurationMs = 5000;
    public const int JwtLifetimeSeconds = 3600;
    public const string AgentReply = "Thanks for your message. An agent will be with you shortly.";

    /// <summary>Genesys counts onMessage per session per second (sliding).</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMilliseconds(1000);
}
