namespace TypingGateway.Typing.State;

/// <summary>
/// The collapse state of every key (design.md §3), one atomic transition per call, as <see cref="TypingStateMachine"/>
/// defines them. Implementations: in-memory (single instance, and the fallback while Redis is unreachable) and
/// Redis (shared by all instances; one Lua script per transition, Redis server time).
/// </summary>
internal interface ITypingStateStore
{
    /// <summary>
    /// Typing-start from <paramref name="tab"/>; <paramref name="stopTemplate"/> (may be empty) is kept with a burst this
    /// start begins, so whichever instance ends the burst can send it. Returns the decision and how long further
    /// starts will be suppressed.
    /// </summary>
    ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken);

    /// <summary>Typing-stop from <paramref name="tab"/>: Forward only when it ends a forwarded burst and no other tab is typing.</summary>
    ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken);

    /// <summary>A real message was sent: idle without a stop; the next keystroke starts a new burst.</summary>
    ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);

    /// <summary>
    /// The connection of <paramref name="tab"/> closed: it leaves the typing set; true when that ended the burst
    /// and a stop is owed (to be claimed by <see cref="CheckIdleAsync"/> on an instance holding another connection).
    /// </summary>
    ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken);

    /// <summary>
    /// For profiles with <see cref="TypingTimings.StopAfterIdle"/>: claims an owed stop, or ends a burst idle for
    /// StopAfterIdle (Synthesize, exactly one winner across instances); RecheckAfter while still typing; else Nothing.
    /// </summary>
    ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);
}
