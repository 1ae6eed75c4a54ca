using System.Collections.Immutable;

namespace TypingGateway.Typing.State;

/// <summary>
/// The collapse transitions of design.md §3 (and of the <see cref="ITypingStateStore"/> contract) as pure
/// functions of a state and <c>now</c>: no clock, no I/O, so every store applies exactly the same rules
/// (the Redis Lua scripts mirror them line by line) and the rules are tested with plain values.
/// </summary>
/// <remarks>
/// A burst is the OR of the guest's tabs: a start adds its tab to <see cref="TypingState.Tabs"/>, a stop or a
/// closing connection removes it, and the upstream sees a stop only when no tab is left typing. A tab that
/// sends nothing for <see cref="TypingTimings.TabTtl"/> no longer counts (its connection may have died with
/// its instance).
/// </remarks>
internal static class TypingStateMachine
{
    /// <summary>
    /// Typing-start from <paramref name="tab"/>: the tab joins the typing set, <c>lastActivityAt = now</c>; if
    /// idle, or quiet for <see cref="TypingTimings.NewBurstAfter"/>, or <c>now − lastForwardAt ≥ StartInterval</c>: typing, <c>lastForwardAt = now</c>, Forward (a new
    /// burst starts with only this tab and stores <paramref name="stopTemplate"/>); otherwise Suppress. Always writes.
    /// </summary>
    public static TypingTransition<TypingStartResult> Start(TypingState state, TypingTab tab, TypingTimings timings, TimeSpan now, ReadOnlyMemory<byte> stopTemplate)
    {
        var sinceForward = now - state.LastForwardAt;
        var newBurst = state.Phase == TypingPhase.Idle
            || (timings.NewBurstAfter is { } gap && now - state.LastActivityAt >= gap);
        if (newBurst || (timings.RefreshesStart && sinceForward >= timings.StartInterval))
        {
            var window = timings.RefreshesStart ? timings.StartInterval : Timeout.InfiniteTimeSpan;
            var tabs = newBurst ? ImmutableDictionary<string, TimeSpan>.Empty : Live(state.Tabs, timings, now);
            var next = new TypingState(TypingPhase.Typing, now, now)
            {
                Tabs = Join(tabs, tab, now),
                StopTemplate = !stopTemplate.IsEmpty ? stopTemplate : newBurst ? ReadOnlyMemory<byte>.Empty : state.StopTemplate,
            };
            return new(next, new TypingStartResult(TypingDecision.Forward, window), Write: true);
        }

        // A clock that stepped back (sinceForward < 0) must not stretch the window beyond one interval.
        var remaining = !timings.RefreshesStart ? Timeout.InfiniteTimeSpan
            : sinceForward < TimeSpan.Zero ? timings.StartInterval
            : timings.StartInterval - sinceForward;
        var suppressed = state with { LastActivityAt = now, Tabs = Join(Live(state.Tabs, timings, now), tab, now) };
        return new(suppressed, new TypingStartResult(TypingDecision.Suppress, remaining), Write: true);
    }

    /// <summary>
    /// Typing-stop from <paramref name="tab"/>: the tab leaves the set. If typing and no other tab is left typing:
    /// idle, Forward; otherwise Suppress (an Off without a forwarded On is never sent, nor one while a tab types).
    /// </summary>
    public static TypingTransition<TypingDecision> Stop(TypingState state, TypingTab tab, TypingTimings timings, TimeSpan now)
    {
        if (state.Phase != TypingPhase.Typing)
        {
            return new(state, TypingDecision.Suppress, Write: false);
        }

        var tabs = Leave(Live(state.Tabs, timings, now), tab);
        return tabs.IsEmpty
            ? new(state with { Phase = TypingPhase.Idle, LastActivityAt = now, Tabs = tabs, StopTemplate = ReadOnlyMemory<byte>.Empty }, TypingDecision.Forward, Write: true)
            : new(state with { LastActivityAt = now, Tabs = tabs }, TypingDecision.Suppress, Write: true);
    }

    /// <summary>A real message: idle without a stop (the platform clears typing itself), every tab done, no stop owed.</summary>
    public static TypingTransition<bool> Message(TypingState state) =>
        state.Phase == TypingPhase.Typing || state.StopOwed || !state.Tabs.IsEmpty
            ? new(state with { Phase = TypingPhase.Idle, Tabs = ImmutableDictionary<string, TimeSpan>.Empty, StopOwed = false, StopTemplate = ReadOnlyMemory<byte>.Empty }, state.Phase == TypingPhase.Typing, Write: true)
            : new(state, false, Write: false);

    /// <summary>
    /// A connection closed: its tab leaves the set. When that leaves no tab typing the burst ends (the next start
    /// from any connection is forwarded at once), and for profiles that synthesize stops a stop is owed: true.
    /// </summary>
    public static TypingTransition<bool> Leave(TypingState state, TypingTab tab, TypingTimings timings, TimeSpan now)
    {
        if (!tab.IsTracked || !state.Tabs.ContainsKey(tab.Id!))
        {
            return new(state, false, Write: false);
        }

        var tabs = Leave(Live(state.Tabs, timings, now), tab);
        if (!tabs.IsEmpty || state.Phase != TypingPhase.Typing)
        {
            return new(state with { Tabs = tabs }, false, Write: true);
        }

        var owed = timings.StopAfterIdle is not null;
        return new(state with { Phase = TypingPhase.Idle, Tabs = tabs, StopOwed = owed }, owed, Write: true);
    }

    /// <summary>
    /// Idle check (profiles with <see cref="TypingTimings.StopAfterIdle"/>): a stop owed by a closed tab is claimed
    /// (Synthesize, once); if typing and <c>now − lastActivityAt ≥ StopAfterIdle</c>: idle and Synthesize; typing
    /// but not idle long enough: RecheckAfter the remaining time; otherwise Nothing.
    /// </summary>
    public static TypingTransition<IdleCheckResult> CheckIdle(TypingState state, TypingTimings timings, TimeSpan now)
    {
        if (timings.StopAfterIdle is not { } stopAfterIdle)
        {
            return new(state, IdleCheckResult.Nothing, Write: false);
        }

        if (state.StopOwed)
        {
            return new(state with { StopOwed = false, StopTemplate = ReadOnlyMemory<byte>.Empty }, IdleCheckResult.SynthesizeStop(state.StopTemplate), Write: true);
        }

        if (state.Phase != TypingPhase.Typing)
        {
            return new(state, IdleCheckResult.Nothing, Write: false);
        }

        var sinceActivity = now - state.LastActivityAt;
        if (sinceActivity >= stopAfterIdle)
        {
            var idle = state with { Phase = TypingPhase.Idle, Tabs = ImmutableDictionary<string, TimeSpan>.Empty, StopTemplate = ReadOnlyMemory<byte>.Empty };
            return new(idle, IdleCheckResult.SynthesizeStop(state.StopTemplate), Write: true);
        }

        var remaining = sinceActivity < TimeSpan.Zero ? stopAfterIdle : stopAfterIdle - sinceActivity;
        return new(state, new IdleCheckResult(false, remaining), Write: false);
    }

    private static ImmutableDictionary<string, TimeSpan> Join(ImmutableDictionary<string, TimeSpan> tabs, TypingTab tab, TimeSpan now) =>
        tab.IsTracked ? tabs.SetItem(tab.Id!, now) : tabs;

    private static ImmutableDictionary<string, TimeSpan> Leave(ImmutableDictionary<string, TimeSpan> tabs, TypingTab tab) =>
        tab.IsTracked ? tabs.Remove(tab.Id!) : tabs;

    // Tabs silent for TabTtl no longer count; the Redis scripts prune their sorted set the same way.
    private static ImmutableDictionary<string, TimeSpan> Live(ImmutableDictionary<string, TimeSpan> tabs, TypingTimings timings, TimeSpan now)
    {
        if (tabs.IsEmpty)
        {
            return tabs;
        }

        var ttl = timings.TabTtl;
        var live = tabs;
        foreach (var (id, at) in tabs)
        {
            if (now - at >= ttl)
            {
                live = live.Remove(id);
            }
        }

        return live;
    }
}
