namespace TypingGateway.Typing;

/// <summary>How a burst of typing ends upstream.</summary>
public enum TypingStopMode
{
    /// <summary>The platform has no stop (Genesys): never send or synthesize one.</summary>
    None,

    /// <summary>Forward the guest's own stop, once per burst; never synthesize one.</summary>
    Explicit,

    /// <summary>Forward the guest's stop once per burst, and synthesize one after <c>StopAfterIdle</c> if the guest never sends it.</summary>
    SynthesizeAfterIdle,
}
