namespace TypingGateway.Typing.State;

/// <summary>
/// The collapse transitions of design.md §3 (and of the <see cref="ITypingStateStore"/> contract) as pure
/// functions of a state and <c>now</c>: no clock, no I/O, so every store applies exactly the same rules
/// (the Redis Lua scripts mirror them line by line) and the rules are tested with plain values.
/// </summary>
internal static class TypingStateMachine
{
    /// <summary>
    /// Typing-start: <c>lastActivityAt = now</c>; if idle or <c>now − lastForwardAt ≥ StartInterval</c>:
    /// typing, <c>lastForwardAt = now</c>, Forward; otherwise Suppress. Always writes (the activity and the TTL).
    /// </summary>
    public static TypingTransition<TypingStartResult> Start(TypingState state, TypingTimings timings, TimeSpan now)
    {
        var sinceForward = now - state.LastForwardAt;
        if (state.Phase == TypingPhase.Idle || (timings.RefreshesStart && sinceForward >= timings.StartInterval))
        {
            var window = timings.RefreshesStart ? timings.StartInterval : Timeout.InfiniteTimeSpan;
            return new(new TypingState(TypingPhase.Typing, now, now), new TypingStartResult(TypingDecision.Forward, window), Write: true);
        }

        // A clock that stepped back (sinceForward < 0) must not stretch the window beyond one interval.
        var remaining = !timings.RefreshesStart ? Timeout.InfiniteTimeSpan
            : sinceForward < TimeSpan.Zero ? timings.StartInterval
            : timings.StartInterval - sinceForward;
        return new(state with { LastActivityAt = now }, new TypingStartResult(TypingDecision.Suppress, remaining), Write: true);
    }

    /// <summary>Explicit typing-stop: if typing: idle, Forward; otherwise Suppress (an Off without a forwarded On is never sent).</summary>
    public static TypingTransition<TypingDecision> Stop(TypingState state) =>
        state.Phase == TypingPhase.Typing
            ? new(state with { Phase = TypingPhase.Idle }, TypingDecision.Forward, Write: true)
            : new(state, TypingDecision.Suppress, Write: false);

    /// <summary>A real message: idle without a stop (the platform clears typing itself), so the next keystroke forwards at once.</summary>
    public static TypingTransition<bool> Message(TypingState state) =>
        state.Phase == TypingPhase.Typing
            ? new(state with { Phase = TypingPhase.Idle }, true, Write: true)
            : new(state, false, Write: false);

    /// <summary>
    /// Idle check (profiles with <see cref="TypingTimings.StopAfterIdle"/>): if typing and
    /// <c>now − lastActivityAt ≥ StopAfterIdle</c>: idle and Synthesize; typing but not idle long enough:
    /// RecheckAfter the remaining time; otherwise (idle, or a profile without a synthesized stop) Nothing.
    /// </summary>
    public static TypingTransition<IdleCheckResult> CheckIdle(TypingState state, TypingTimings timings, TimeSpan now)
    {
        if (state.Phase != TypingPhase.Typing || timings.StopAfterIdle is not { } stopAfterIdle)
        {
            return new(state, IdleCheckResult.Nothing, Write: false);
        }

        var sinceActivity = now - state.LastActivityAt;
        if (sinceActivity >= stopAfterIdle)
        {
            return new(state with { Phase = TypingPhase.Idle }, new IdleCheckResult(true, null), Write: true);
        }

        var remaining = sinceActivity < TimeSpan.Zero ? stopAfterIdle : stopAfterIdle - sinceActivity;
        return new(state, new IdleCheckResult(false, remaining), Write: false);
    }
}
