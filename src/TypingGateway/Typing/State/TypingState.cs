namespace TypingGateway.Typing.State;

/// <summary>
/// The collapse state of one key. Instants are offsets from an origin the store chooses (a monotonic
/// clock in memory, Redis <c>TIME</c> in Redis); only their differences matter.
/// </summary>
/// <param name="Phase">Idle or typing.</param>
/// <param name="LastForwardAt">When the last start was forwarded.</param>
/// <param name="LastActivityAt">When the guest last sent a start (forwarded or not).</param>
internal readonly record struct TypingState(TypingPhase Phase, TimeSpan LastForwardAt, TimeSpan LastActivityAt)
{
    /// <summary>The state of a key the store does not know (never seen, or expired): idle.</summary>
    public static TypingState Initial => default;
}
