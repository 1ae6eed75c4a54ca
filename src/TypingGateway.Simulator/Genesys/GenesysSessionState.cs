namespace TypingGateway.Simulator.Genesys;

/// <summary>Per-session state of a configured Genesys session; guarded by the store's lock.</summary>
internal sealed class GenesysSessionState
{
    /// <summary>Times of accepted onMessage requests inside the current rate window.</summary>
    public Queue<DateTimeOffset> AcceptedTimes { get; } = new();

    public int NextReplyIndex { get; set; }
}
