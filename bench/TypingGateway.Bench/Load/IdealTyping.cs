namespace TypingGateway.Bench.Load;

/// <summary>
/// The exact number of typing frames design §3 lets through for what a guest sent: leading edge,
/// then at most one per start interval; a real message ends the burst. Genesys has no stop frame.
/// </summary>
internal static class IdealTyping
{
    /// <summary>The genesys-webmessaging profile's start interval (the official SDK's cadence).</summary>
    public static readonly TimeSpan GenesysStartInterval = TimeSpan.FromSeconds(5);

    /// <param name="events">The guest's frames in send order: true for a typing frame, false for a text message, with the send time.</param>
    public static long Count(IEnumerable<(TimeSpan At, bool Typing)> events, TimeSpan startInterval)
    {
        long forwarded = 0;
        var typing = false;
        var lastForward = TimeSpan.MinValue;
        foreach (var (at, isTyping) in events)
        {
            if (!isTyping)
            {
                typing = false;
                continue;
            }

            if (!typing || at - lastForward >= startInterval)
            {
                typing = true;
                lastForward = at;
                forwarded++;
            }
        }

        return forwarded;
    }
}
