namespace TypingGateway.Typing.State;

/// <summary>The timings of a profile that the state machine needs.</summary>
/// <param name="StartInterval">
/// Minimum time between two forwarded typing-starts of one key while typing continues.
/// <see cref="Timeout.InfiniteTimeSpan"/>: one start per burst (no refresh).
/// </param>
/// <param name="StopAfterIdle">Synthesize a stop after this much inactivity; null when the profile never synthesizes one.</param>
internal readonly record struct TypingTimings(TimeSpan StartInterval, TimeSpan? StopAfterIdle)
{
    /// <summary>
    /// For platforms without a stop whose clients send one start per burst (Genesys guest chat): a start after this
    /// long without any typing signal begins a new burst and is forwarded. Null: only a stop, a message or the
    /// state's expiry ends a burst. Init-only, so every existing timing keeps its meaning.
    /// </summary>
    public TimeSpan? NewBurstAfter { get; init; }

    /// <summary>Shortest state TTL: a profile with no refresh and no stop still collapses a burst with pauses of up to a minute.</summary>
    public static readonly TimeSpan MinStateTtl = TimeSpan.FromMinutes(1);

    /// <summary>Longest state TTL, whatever the profile says: every key's memory is bounded.</summary>
    public static readonly TimeSpan MaxStateTtl = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a tab counts as typing after its last signal without a stop: the safety-net bound for
    /// profiles that synthesize stops, two start intervals for level-triggered profiles (their clients
    /// repeat starts while typing), else the state TTL. A tab on an instance that died leaves the set this way.
    /// </summary>
    public TimeSpan TabTtl => StopAfterIdle ?? (RefreshesStart ? Twice(StartInterval) : StateTtl);

    /// <summary>True when typing-starts are refreshed every <see cref="StartInterval"/> (false: once per burst).</summary>
    public bool RefreshesStart => StartInterval != Timeout.InfiniteTimeSpan;

    /// <summary>How long a key's state is kept after its last change (every key has a TTL).</summary>
    /// <remarks>
    /// max(2 × <see cref="StartInterval"/> when finite, 2 × <see cref="StopAfterIdle"/>, 1 min), capped at 1 h.
    /// The state must outlive the windows the machine measures: a state that expired before
    /// <c>lastForwardAt + StartInterval</c> would forward an early refresh, and one that expired before
    /// <c>lastActivityAt + StopAfterIdle</c> would lose the burst's synthesized stop. Twice the window leaves room
    /// for late idle timers and for a near cache that skips Redis for up to one window. Every start writes, so
    /// the TTL runs from the guest's last keystroke, never from the start of a long burst.
    /// </remarks>
    public TimeSpan StateTtl
    {
        get
        {
            var ttl = MinStateTtl;
            if (RefreshesStart && Twice(StartInterval) > ttl)
            {
                ttl = Twice(StartInterval);
            }

            if (StopAfterIdle is { } idle && Twice(idle) > ttl)
            {
                ttl = Twice(idle);
            }

            return ttl;
        }
    }

    // Capped before multiplying: a configured TimeSpan.MaxValue must not overflow.
    private static TimeSpan Twice(TimeSpan value) => value > MaxStateTtl / 2 ? MaxStateTtl : value * 2;
}
