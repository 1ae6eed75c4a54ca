using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>
/// The <see cref="ITypingStateStore"/> contract (design.md §3), run against every store: in memory and Redis with
/// a test clock (these also assert the exact boundaries: <see cref="ExactTimeTypingStateStoreContractTests"/>), and
/// Redis with server time and real waits.
/// </summary>
public abstract class TypingStateStoreContractTests
{
    protected static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    protected static readonly TimeSpan StopAfterIdle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _step = TimeSpan.FromMilliseconds(100);

    private protected static TypingTimings Refreshing { get; } = new(Interval, null);

    private protected static TypingTimings OncePerBurstWithIdleStop { get; } = new(Timeout.InfiniteTimeSpan, StopAfterIdle);

    private protected abstract ITypingStateStore Store { get; }

    /// <summary>True when time moves exactly by <see cref="AdvanceAsync"/> (fake clocks); false for real waits.</summary>
    protected abstract bool ExactTime { get; }

    protected abstract Task AdvanceAsync(TimeSpan by);

    [Fact]
    public async Task StartAsync_FirstOfBurst_ForwardedAtOnceThenSuppressed()
    {
        var key = NewKey();

        var first = await Store.StartAsync(key, Refreshing, default);
        var second = await Store.StartAsync(key, Refreshing, default);
        var third = await Store.StartAsync(key, Refreshing, default);

        Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress, TypingDecision.Suppress], [first, second, third]);
    }

    [Fact]
    public async Task StartAsync_AfterStartInterval_RefreshForwardedOnce()
    {
        var key = NewKey();
        await Store.StartAsync(key, Refreshing, default);
        await AdvanceAsync(_step);
        var within = await Store.StartAsync(key, Refreshing, default);

        await AdvanceAsync(Interval - _step + (ExactTime ? TimeSpan.Zero : _step));
        var refresh = await Store.StartAsync(key, Refreshing, default);
        var afterRefresh = await Store.StartAsync(key, Refreshing, default);

        Assert.Equal([TypingDecision.Suppress, TypingDecision.Forward, TypingDecision.Suppress], [within, refresh, afterRefresh]);
    }

    [Fact]
    public async Task StartAsync_ProfileWithoutRefresh_OneStartPerBurst()
    {
        var key = NewKey();
        var forwarded = 0;
        for (var i = 0; i < 8; i++)
        {
            forwarded += await Store.StartAsync(key, OncePerBurstWithIdleStop, default) == TypingDecision.Forward ? 1 : 0;
            await AdvanceAsync(_step);
        }

        Assert.Equal(1, forwarded);
    }

    [Fact]
    public async Task StopAsync_AfterStart_ForwardedOnceThenDeduplicated()
    {
        var key = NewKey();
        await Store.StartAsync(key, OncePerBurstWithIdleStop, default);

        var first = await Store.StopAsync(key, OncePerBurstWithIdleStop, default);
        var second = await Store.StopAsync(key, OncePerBurstWithIdleStop, default);

        Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress], [first, second]);
    }

    [Fact]
    public async Task StopAsync_WithoutStart_Suppressed()
    {
        Assert.Equal(TypingDecision.Suppress, await Store.StopAsync(NewKey(), OncePerBurstWithIdleStop, default));
    }

    [Fact]
    public async Task StartAsync_AfterStop_NewBurstForwardedAtOnce()
    {
        var key = NewKey();
        await Store.StartAsync(key, Refreshing, default);
        await Store.StopAsync(key, Refreshing, default);

        Assert.Equal(TypingDecision.Forward, await Store.StartAsync(key, Refreshing, default));
    }

    [Fact]
    public async Task MessageAsync_DuringBurst_NextStartForwardedAtOnce()
    {
        var key = NewKey();
        await Store.StartAsync(key, Refreshing, default);
        await AdvanceAsync(_step);

        await Store.MessageAsync(key, Refreshing, default);
        var next = await Store.StartAsync(key, Refreshing, default);

        Assert.Equal(TypingDecision.Forward, next);
    }

    [Fact]
    public async Task MessageAsync_DuringBurst_NoStopForwardedOrSynthesizedAfterIt()
    {
        var key = NewKey();
        await Store.StartAsync(key, OncePerBurstWithIdleStop, default);

        await Store.MessageAsync(key, OncePerBurstWithIdleStop, default);
        await AdvanceAsync(StopAfterIdle + _step);

        Assert.Equal(IdleCheckResult.Nothing, await Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default));
        Assert.Equal(TypingDecision.Suppress, await Store.StopAsync(key, OncePerBurstWithIdleStop, default));
    }

    [Fact]
    public async Task CheckIdleAsync_StillTyping_RecheckAfterRemainingTime()
    {
        var key = NewKey();
        await Store.StartAsync(key, OncePerBurstWithIdleStop, default);
        await AdvanceAsync(_step);

        var result = await Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default);

        Assert.False(result.Synthesize);
        Assert.NotNull(result.RecheckAfter);
        if (ExactTime)
        {
            Assert.Equal(StopAfterIdle - _step, result.RecheckAfter);
        }
        else
        {
            // Real time: Task.Delay and Redis TIME can disagree by a few milliseconds.
            Assert.InRange(result.RecheckAfter.Value, TimeSpan.FromMilliseconds(1), StopAfterIdle - _step + TimeSpan.FromMilliseconds(20));
        }
    }

    [Fact]
    public async Task CheckIdleAsync_ConcurrentCallersAfterIdle_ExactlyOneWinner()
    {
        var key = NewKey();
        await Store.StartAsync(key, OncePerBurstWithIdleStop, default);
        await AdvanceAsync(StopAfterIdle + _step);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default).AsTask())));

        Assert.Equal(1, results.Count(r => r.Synthesize));
        Assert.Equal(31, results.Count(r => r == IdleCheckResult.Nothing));
    }

    [Fact]
    public async Task CheckIdleAsync_UnknownKey_Nothing()
    {
        Assert.Equal(IdleCheckResult.Nothing, await Store.CheckIdleAsync(NewKey(), OncePerBurstWithIdleStop, default));
    }

    [Fact]
    public async Task CheckIdleAsync_ProfileWithoutIdleStop_Nothing()
    {
        var key = NewKey();
        await Store.StartAsync(key, Refreshing, default);

        Assert.Equal(IdleCheckResult.Nothing, await Store.CheckIdleAsync(key, Refreshing, default));
    }

    [Fact]
    public async Task StartAsync_OtherKey_Independent()
    {
        var key = NewKey();
        await Store.StartAsync(key, Refreshing, default);

        Assert.Equal(TypingDecision.Forward, await Store.StartAsync(NewKey(), Refreshing, default));
    }

    [Fact]
    public async Task StartAsync_QuietForNewBurstAfter_NextStartBeginsANewBurst()
    {
        // Clients with one start per burst and no stop (Genesys guest chat): silence is what ends a burst.
        // A 1 s gap against 100 ms keystrokes: on the real-time stores a loaded machine can stretch a step, not by 10x.
        var timings = new TypingTimings(Timeout.InfiniteTimeSpan, null) { NewBurstAfter = TimeSpan.FromSeconds(1) };
        var key = NewKey();

        var decisions = new List<TypingDecision> { await Store.StartAsync(key, timings, default) };
        for (var i = 0; i < 4; i++)
        {
            await AdvanceAsync(_step); // keys 100 ms apart: one burst
            decisions.Add(await Store.StartAsync(key, timings, default));
        }

        await AdvanceAsync(TimeSpan.FromMilliseconds(1_300)); // quiet past 1 s
        decisions.Add(await Store.StartAsync(key, timings, default));

        Assert.Equal(
            [TypingDecision.Forward, TypingDecision.Suppress, TypingDecision.Suppress, TypingDecision.Suppress, TypingDecision.Suppress, TypingDecision.Forward],
            decisions);
    }

    [Fact]
    public async Task StopAsync_OtherTabStillTyping_SuppressedUntilLastTabStops()
    {
        var key = NewKey();
        var (a, b) = (TypingTab.NewConnection(), TypingTab.NewConnection());
        var first = await StartAsync(key, a);
        var second = await StartAsync(key, b);

        var stopA = await Store.StopAsync(key, a, OncePerBurstWithIdleStop, default);
        var stopB = await Store.StopAsync(key, b, OncePerBurstWithIdleStop, default);
        var again = await Store.StopAsync(key, b, OncePerBurstWithIdleStop, default);

        Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress], [first, second]);
        Assert.Equal([TypingDecision.Suppress, TypingDecision.Forward, TypingDecision.Suppress], [stopA, stopB, again]);
    }

    [Fact]
    public async Task StopAsync_FromTabThatNeverTyped_SuppressedWhileAnotherTypes()
    {
        var key = NewKey();
        await StartAsync(key, TypingTab.NewConnection());

        // The CXone SDK's stopTyping() sends an end even from a tab that never typed.
        Assert.Equal(TypingDecision.Suppress, await Store.StopAsync(key, TypingTab.NewConnection(), OncePerBurstWithIdleStop, default));
    }

    [Fact]
    public async Task LeaveAsync_LastTypingTab_BurstEndsAndOneStopOwedWithTheBurstsStart()
    {
        var key = NewKey();
        var tab = TypingTab.NewConnection();
        await Store.StartAsync(key, tab, OncePerBurstWithIdleStop, _start, default);
        await Store.StartAsync(key, tab, OncePerBurstWithIdleStop, _later, default);

        var owed = await Store.LeaveAsync(key, tab, OncePerBurstWithIdleStop, default);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default).AsTask())));
        var next = await StartAsync(key, TypingTab.NewConnection());

        Assert.True(owed);
        var winner = Assert.Single(claims, c => c.Synthesize);
        Assert.Equal(_start, winner.StopTemplate.ToArray()); // the burst's first start, whichever instance claims it
        Assert.Equal(7, claims.Count(c => c == IdleCheckResult.Nothing));
        Assert.Equal(TypingDecision.Forward, next); // the next start from any connection is forwarded at once
    }

    [Fact]
    public async Task LeaveAsync_AnotherTabStillTyping_NothingOwedAndStopWaitsForThatTab()
    {
        var key = NewKey();
        var (a, b) = (TypingTab.NewConnection(), TypingTab.NewConnection());
        await StartAsync(key, a);
        await StartAsync(key, b);

        var owed = await Store.LeaveAsync(key, a, OncePerBurstWithIdleStop, default);
        var idle = await Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default);
        var stopB = await Store.StopAsync(key, b, OncePerBurstWithIdleStop, default);

        Assert.False(owed);
        Assert.False(idle.Synthesize);
        Assert.Equal(TypingDecision.Forward, stopB);
    }

    [Fact]
    public async Task LeaveAsync_TabThatNeverTyped_ChangesNothing()
    {
        var key = NewKey();
        var typing = TypingTab.NewConnection();
        await StartAsync(key, typing);

        Assert.False(await Store.LeaveAsync(key, TypingTab.NewConnection(), OncePerBurstWithIdleStop, default));
        Assert.Equal(TypingDecision.Forward, await Store.StopAsync(key, typing, OncePerBurstWithIdleStop, default));
    }

    [Fact]
    public async Task MessageAsync_TwoTabsTyping_BurstOverForAllTabsNoStopOwed()
    {
        var key = NewKey();
        var (a, b) = (TypingTab.NewConnection(), TypingTab.NewConnection());
        await StartAsync(key, a);
        await StartAsync(key, b);

        await Store.MessageAsync(key, OncePerBurstWithIdleStop, default);

        // The SDK still sends its end 1 s after the last key, after the message: never forwarded.
        Assert.Equal(TypingDecision.Suppress, await Store.StopAsync(key, a, OncePerBurstWithIdleStop, default));
        Assert.False(await Store.LeaveAsync(key, b, OncePerBurstWithIdleStop, default));
        Assert.Equal(IdleCheckResult.Nothing, await Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default));
    }

    private static readonly byte[] _start = "{\"start\":1}"u8.ToArray();
    private static readonly byte[] _later = "{\"start\":2}"u8.ToArray();

    private async Task<TypingDecision> StartAsync(TypingKey key, TypingTab tab) =>
        (await Store.StartAsync(key, tab, OncePerBurstWithIdleStop, _start, default)).Decision;

    private protected static TypingKey NewKey() => TypingKey.Create("contract", Guid.NewGuid().ToString("N"));
}
