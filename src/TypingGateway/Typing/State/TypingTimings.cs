namespace TypingGateway.Typing.State;

/// <summary>The timings of a profile that the state machine needs.</summary>
/// <param name="StartInterval">
/// Minimum time between two forwarded typing-starts of one key while typing continues.
/// <see cref="Timeout.InfiniteTimeSpan"/>: one start per burst (no refresh).
/// </param>
/// <param name="StopAfterIdle">Synthesize a stop after this much inactivity; null when the profile never synthesizes one.</param>
internal readonly record struct TypingTimings(TimeSpan StartInterval, TimeSpan? StopAfterIdle)
{
    /// <summary>How long a key's state is kept after its last change (every key has a TTL).</summary>
    public TimeSpan StateTtl => throw new NotImplementedException();
}
