namespace TypingGateway.Typing;

/// <summary>Defaults of the typing profiles (design.md §3, protocols.md §1.4 and §3.3).</summary>
internal static class TypingDefaults
{
    /// <summary>The Genesys SDK's cadence: "a maximum of once every 5 seconds".</summary>
    public static readonly TimeSpan GenesysStartInterval = TimeSpan.FromSeconds(5);

    /// <summary>Refresh for profiles with explicit stops, so one lost stop cannot hide the next burst for long.</summary>
    public static readonly TimeSpan ExplicitStopStartInterval = TimeSpan.FromSeconds(5);

    /// <summary>The CXone web SDK sends SenderTypingEnded 1 s after the last keystroke.</summary>
    public static readonly TimeSpan StopAfterIdle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a synthesized HTTP stop stays worth delivering. Retries past this would tell the
    /// agent "stopped" about a moment long gone (the guest may be typing again): drop it instead.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a gateway-made typing call: exponential from this delay, with jitter.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);

    public const int MaxRetryAttempts = 4;
}
