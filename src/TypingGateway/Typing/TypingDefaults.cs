namespace TypingGateway.Typing;

/// <summary>Defaults of the typing profiles (design.md §3, protocols.md §1.4 and §3.3).</summary>
internal static class TypingDefaults
{
    /// <summary>Safety-net stop of level-triggered clients: they repeat starts while typing, so 1 s of silence ends a burst.</summary>
    public static readonly TimeSpan StopAfterIdle = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Safety-net stop of edge-triggered clients (design.md §3): they send one start per burst and their own stop
    /// (the CXone web SDK: 1 s after the last key), so silence proves nothing until this long bound.
    /// </summary>
    public static readonly TimeSpan EdgeTriggeredStopAfterIdle = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a synthesized HTTP stop stays worth delivering. Retries past this would tell the
    /// agent "stopped" about a moment long gone (the guest may be typing again): drop it instead.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a gateway-made typing call: exponential from this delay, with jitter.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(200);

    public const int MaxRetryAttempts = 4;

    /// <summary>
    /// Distinct guests one connection may name before its typing of further guests is forwarded uncollapsed: a real
    /// chat socket serves one guest (a handful with key fallbacks); a frame-keyed route must not let one socket
    /// create shared state for thousands (measured: 20,000 Redis keys in 8.5 s from one connection).
    /// </summary>
    public const int MaxKeysPerConnection = 8;
}
