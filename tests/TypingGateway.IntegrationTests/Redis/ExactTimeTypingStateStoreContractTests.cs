using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>
/// The contract's boundaries, to the millisecond, for stores whose clock the test moves (in memory, and Redis with
/// "now" from a test clock). With server <c>TIME</c> and real waits a boundary cannot be hit, so the real-time
/// variants (the Redis store, and the composed near cache → fallback → Redis) do not have these tests rather than
/// pass them without asserting: they run the same Lua, whose boundaries the script-clock variant asserts, and the
/// near cache's windows are asserted under fake time by NearCacheTypingStateStoreTests.
/// </summary>
public abstract class ExactTimeTypingStateStoreContractTests : TypingStateStoreContractTests
{
    protected sealed override bool ExactTime => true;

    [Fact]
    public async Task StartAsync_ExactlyAtInterval_Forwarded()
    {
        var key = NewKey();
        await Store.StartAsync(key, Refreshing, default);
        await AdvanceAsync(Interval - TimeSpan.FromMilliseconds(1));
        var justBefore = await Store.StartAsync(key, Refreshing, default);
        await AdvanceAsync(TimeSpan.FromMilliseconds(1));
        var atInterval = await Store.StartAsync(key, Refreshing, default);

        Assert.Equal([TypingDecision.Suppress, TypingDecision.Forward], [justBefore, atInterval]);
    }

    [Fact]
    public async Task CheckIdleAsync_ExactlyAtStopAfterIdle_Synthesized()
    {
        var key = NewKey();
        await Store.StartAsync(key, OncePerBurstWithIdleStop, default);
        await AdvanceAsync(StopAfterIdle - TimeSpan.FromMilliseconds(1));
        var justBefore = await Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default);
        await AdvanceAsync(TimeSpan.FromMilliseconds(1));
        var atLimit = await Store.CheckIdleAsync(key, OncePerBurstWithIdleStop, default);

        Assert.Equal(new IdleCheckResult(false, TimeSpan.FromMilliseconds(1)), justBefore);
        Assert.Equal(new IdleCheckResult(true, null), atLimit);
    }
}
