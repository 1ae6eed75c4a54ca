namespace TypingGateway.Typing.State;

/// <summary>
/// The collapse state of every key (design.md §3), one atomic transition per call. Implementations:
/// in-memory (single instance, and the fallback while Redis is unreachable) and Redis (shared by
/// all instances; one Lua script per transition, Redis server time).
/// </summary>
internal interface ITypingStateStore
{
    /// <summary>
    /// Typing-start: <c>lastActivityAt = now</c>; if <c>state = idle</c> or <c>now − lastForwardAt ≥ StartInterval</c>:
    /// <c>state = typing, lastForwardAt = now</c>, Forward; otherwise Suppress.
    /// </summary>
    ValueTask<TypingDecision> StartAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);

    /// <summary>Explicit typing-stop: if <c>state = typing</c>: <c>state = idle</c>, Forward; otherwise Suppress.</summary>
    ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);

    /// <summary>A real message was sent: <c>state = idle</c> without a stop; the next keystroke starts a new burst.</summary>
    ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);

    /// <summary>
    /// For profiles with <see cref="TypingTimings.StopAfterIdle"/>: if <c>state = typing</c> and
    /// <c>now − lastActivityAt ≥ StopAfterIdle</c>: <c>state = idle</c> and Synthesize (one winner);
    /// if typing but not idle long enough: RecheckAfter the remaining time; otherwise Nothing.
    /// </summary>
    ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken);
}
