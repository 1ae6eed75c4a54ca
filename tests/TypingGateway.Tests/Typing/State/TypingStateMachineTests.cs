using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class TypingStateMachineTests
{
    private static readonly TimeSpan _interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _stopAfterIdle = TimeSpan.FromSeconds(1);
    private static readonly TypingTimings _refreshing = new(_interval, null);
    private static readonly TypingTimings _oncePerBurst = new(Timeout.InfiniteTimeSpan, _stopAfterIdle);

    // (phase, seconds since last forward) → decision, window the next starts are suppressed for (s, -1 = until the burst ends)
    [Theory]
    [InlineData(false, 0, true, 5)]
    [InlineData(false, 1, true, 5)]
    [InlineData(false, 100, true, 5)]
    [InlineData(true, 0, false, 5)]
    [InlineData(true, 1, false, 4)]
    [InlineData(true, 4.999, false, 0.001)]
    [InlineData(true, 5, true, 5)]
    [InlineData(true, 7, true, 5)]
    [InlineData(true, -2, false, 5)]
    public void Start_RefreshingProfile_FollowsStartInterval(bool typing, double secondsSinceForward, bool expectForward, double expectedWindow)
    {
        var now = TimeSpan.FromSeconds(1000);
        var lastForward = now - TimeSpan.FromSeconds(secondsSinceForward);
        var state = new TypingState(Phase(typing), lastForward, lastForward);

        var transition = TypingStateMachine.Start(state, TypingTab.None, _refreshing, now, default);

        Assert.Equal(new TypingStartResult(Decision(expectForward), TimeSpan.FromSeconds(expectedWindow)), transition.Result);
        Assert.True(transition.Write);
        var expectedForward = expectForward ? now : lastForward;
        Assert.Equal(new TypingState(TypingPhase.Typing, expectedForward, now), transition.Next);
    }

    [Theory]
    [InlineData(false, 0, true)]
    [InlineData(false, 3600, true)]
    [InlineData(true, 0, false)]
    [InlineData(true, 3600, false)]
    public void Start_ProfileWithoutRefresh_ForwardsOncePerBurst(bool typing, double secondsSinceForward, bool expectForward)
    {
        var now = TimeSpan.FromSeconds(5000);
        var lastForward = now - TimeSpan.FromSeconds(secondsSinceForward);

        var transition = TypingStateMachine.Start(new TypingState(Phase(typing), lastForward, lastForward), TypingTab.None, _oncePerBurst, now, default);

        Assert.Equal(new TypingStartResult(Decision(expectForward), Timeout.InfiniteTimeSpan), transition.Result);
        Assert.Equal(new TypingState(TypingPhase.Typing, expectForward ? now : lastForward, now), transition.Next);
    }

    [Fact]
    public void Start_ZeroInterval_ForwardsEveryStartWithoutWindow()
    {
        var timings = new TypingTimings(TimeSpan.Zero, null);
        var now = TimeSpan.FromSeconds(3);

        var transition = TypingStateMachine.Start(new TypingState(TypingPhase.Typing, now, now), TypingTab.None, timings, now, default);

        Assert.Equal(new TypingStartResult(TypingDecision.Forward, TimeSpan.Zero), transition.Result);
    }

    [Fact]
    public void Start_InitialState_Forwards()
    {
        var transition = TypingStateMachine.Start(TypingState.Initial, TypingTab.None, _refreshing, TimeSpan.Zero, default);

        Assert.Equal(TypingDecision.Forward, transition.Result.Decision);
        Assert.Equal(new TypingState(TypingPhase.Typing, TimeSpan.Zero, TimeSpan.Zero), transition.Next);
    }

    [Theory]
    [InlineData(true, true, false, true)]
    [InlineData(false, false, false, false)]
    public void Stop_ByPhase_ForwardsOnlyAfterForwardedStart(bool typing, bool expectForward, bool expectTyping, bool expectedWrite)
    {
        var state = new TypingState(Phase(typing), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var now = TimeSpan.FromSeconds(3);

        var transition = TypingStateMachine.Stop(state, TypingTab.None, _refreshing, now);

        // A stop that ends the burst is a typing signal: it moves lastActivityAt; one that changes nothing writes nothing.
        var expected = typing ? state with { Phase = Phase(expectTyping), LastActivityAt = now } : state;
        Assert.Equal(new TypingTransition<TypingDecision>(expected, Decision(expectForward), expectedWrite), transition);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Message_ByPhase_EndsBurstWithoutStop(bool typing, bool expectedEnded)
    {
        var state = new TypingState(Phase(typing), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var transition = TypingStateMachine.Message(state);

        Assert.Equal(new TypingTransition<bool>(state with { Phase = TypingPhase.Idle }, expectedEnded, expectedEnded), transition);
    }

    [Fact]
    public void MessageThenStart_WithinInterval_ForwardsAtOnce()
    {
        var state = TypingStateMachine.Start(TypingState.Initial, TypingTab.None, _refreshing, TimeSpan.Zero, default).Next;
        state = TypingStateMachine.Message(state).Next;

        var transition = TypingStateMachine.Start(state, TypingTab.None, _refreshing, TimeSpan.FromMilliseconds(10), default);

        Assert.Equal(TypingDecision.Forward, transition.Result.Decision);
    }

    // (phase, seconds since last activity) → synthesize, recheck after (s, null = nothing)
    [Theory]
    [InlineData(true, 0, false, 1.0)]
    [InlineData(true, 0.25, false, 0.75)]
    [InlineData(true, 0.999, false, 0.001)]
    [InlineData(true, 1, true, null)]
    [InlineData(true, 30, true, null)]
    [InlineData(true, -3, false, 1.0)]
    [InlineData(false, 0, false, null)]
    [InlineData(false, 30, false, null)]
    public void CheckIdle_ByPhaseAndIdleTime_SynthesizesOnceIdleLongEnough(bool typing, double secondsSinceActivity, bool expectedSynthesize, double? expectedRecheck)
    {
        var now = TimeSpan.FromSeconds(100);
        var state = new TypingState(Phase(typing), now - TimeSpan.FromSeconds(50), now - TimeSpan.FromSeconds(secondsSinceActivity));

        var transition = TypingStateMachine.CheckIdle(state, _oncePerBurst, now);

        Assert.Equal(new IdleCheckResult(expectedSynthesize, expectedRecheck is { } s ? TimeSpan.FromSeconds(s) : null), transition.Result);
        Assert.Equal(expectedSynthesize, transition.Write);
        Assert.Equal(expectedSynthesize ? state with { Phase = TypingPhase.Idle } : state, transition.Next);
    }

    [Fact]
    public void CheckIdle_ProfileWithoutSynthesizedStop_Nothing()
    {
        var state = new TypingState(TypingPhase.Typing, TimeSpan.Zero, TimeSpan.Zero);

        var transition = TypingStateMachine.CheckIdle(state, _refreshing, TimeSpan.FromHours(1));

        Assert.Equal(new TypingTransition<IdleCheckResult>(state, IdleCheckResult.Nothing, false), transition);
    }

    [Fact]
    public void CheckIdle_AfterWinner_SecondCallerGetsNothing()
    {
        var typing = new TypingState(TypingPhase.Typing, TimeSpan.Zero, TimeSpan.Zero);
        var first = TypingStateMachine.CheckIdle(typing, _oncePerBurst, TimeSpan.FromSeconds(2));

        var second = TypingStateMachine.CheckIdle(first.Next, _oncePerBurst, TimeSpan.FromSeconds(2));

        Assert.True(first.Result.Synthesize);
        Assert.Equal(IdleCheckResult.Nothing, second.Result);
    }

    [Fact]
    public void Burst_TenKeystrokesPerSecond_ForwardsCeilOfDurationOverInterval()
    {
        // design.md §3: a burst of length D yields ceil(D / StartInterval) starts, whatever the keystroke rate.
        var timings = new TypingTimings(TimeSpan.FromSeconds(1), null);
        var state = TypingState.Initial;
        var forwarded = 0;
        for (var i = 0; i <= 35; i++) // keystrokes at 0.0 … 3.5 s: D = 3.5 s
        {
            var transition = TypingStateMachine.Start(state, TypingTab.None, timings, TimeSpan.FromMilliseconds(i * 100), default);
            state = transition.Next;
            forwarded += transition.Result.Decision == TypingDecision.Forward ? 1 : 0;
        }

        Assert.Equal(4, forwarded);
    }

    private static TypingPhase Phase(bool typing) => typing ? TypingPhase.Typing : TypingPhase.Idle;

    private static TypingDecision Decision(bool forward) => forward ? TypingDecision.Forward : TypingDecision.Suppress;
}
