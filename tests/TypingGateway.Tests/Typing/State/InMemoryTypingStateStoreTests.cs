using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class InMemoryTypingStateStoreTests : IDisposable
{
    private static readonly TypingKey _key = TypingKey.Create("genesys-webmessaging", "guest-1");
    private static readonly TypingTimings _genesys = new(TimeSpan.FromSeconds(5), null);
    private static readonly TypingTimings _cxone = new(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTypingStateStore _store;

    public InMemoryTypingStateStoreTests() => _store = new InMemoryTypingStateStore(_time);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task StartAsync_LeadingEdgeThenWithinInterval_ForwardThenSuppress()
    {
        var first = await _store.StartWithWindowAsync(_key, _genesys, default);
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = await _store.StartWithWindowAsync(_key, _genesys, default);

        Assert.Equal(new TypingStartResult(TypingDecision.Forward, TimeSpan.FromSeconds(5)), first);
        Assert.Equal(new TypingStartResult(TypingDecision.Suppress, TimeSpan.FromSeconds(3)), second);
    }

    [Fact]
    public async Task StartAsync_ExactlyOneIntervalLater_Forwards()
    {
        await _store.StartAsync(_key, _genesys, default);
        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        var justBefore = await _store.StartAsync(_key, _genesys, default);
        _time.Advance(TimeSpan.FromTicks(1));
        var atInterval = await _store.StartAsync(_key, _genesys, default);

        Assert.Equal(TypingDecision.Suppress, justBefore);
        Assert.Equal(TypingDecision.Forward, atInterval);
    }

    [Fact]
    public async Task StopAsync_AfterStart_ForwardsOnceThenSuppresses()
    {
        await _store.StartAsync(_key, _cxone, default);

        var first = await _store.StopAsync(_key, _cxone, default);
        var second = await _store.StopAsync(_key, _cxone, default);

        Assert.Equal(TypingDecision.Forward, first);
        Assert.Equal(TypingDecision.Suppress, second);
    }

    [Fact]
    public async Task StopAsync_UnknownKey_SuppressesAndStoresNothing()
    {
        Assert.Equal(TypingDecision.Suppress, await _store.StopAsync(_key, _cxone, default));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task MessageAsync_DuringBurst_NextStartForwardsAtOnce()
    {
        await _store.StartAsync(_key, _genesys, default);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        await _store.MessageAsync(_key, _genesys, default);
        var next = await _store.StartAsync(_key, _genesys, default);

        Assert.Equal(TypingDecision.Forward, next);
    }

    [Fact]
    public async Task MessageAsync_UnknownKey_StoresNothing()
    {
        await _store.MessageAsync(_key, _genesys, default);

        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task CheckIdleAsync_BeforeAndAfterStopAfterIdle_RecheckThenSynthesizeOnce()
    {
        await _store.StartAsync(_key, _cxone, default);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        var early = await _store.CheckIdleAsync(_key, _cxone, default);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        var due = await _store.CheckIdleAsync(_key, _cxone, default);
        var again = await _store.CheckIdleAsync(_key, _cxone, default);

        Assert.Equal(new IdleCheckResult(false, TimeSpan.FromMilliseconds(600)), early);
        Assert.Equal(new IdleCheckResult(true, null), due);
        Assert.Equal(IdleCheckResult.Nothing, again);
    }

    [Fact]
    public async Task CheckIdleAsync_SuppressedStartsKeepBurstAlive_RechecksFromLastActivity()
    {
        await _store.StartAsync(_key, _cxone, default);
        _time.Advance(TimeSpan.FromMilliseconds(700));
        await _store.StartAsync(_key, _cxone, default); // suppressed, but it is activity
        _time.Advance(TimeSpan.FromMilliseconds(700));

        var result = await _store.CheckIdleAsync(_key, _cxone, default);

        Assert.Equal(new IdleCheckResult(false, TimeSpan.FromMilliseconds(300)), result);
    }

    [Fact]
    public async Task CheckIdleAsync_ConcurrentCallers_ExactlyOneSynthesizes()
    {
        await _store.StartAsync(_key, _cxone, default);
        _time.Advance(TimeSpan.FromSeconds(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _store.CheckIdleAsync(_key, _cxone, default).AsTask())));

        Assert.Equal(1, results.Count(r => r.Synthesize));
    }

    [Fact]
    public async Task StartAsync_ConcurrentCallers_ExactlyOneForwards()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => _store.StartAsync(_key, _genesys, default).AsTask())));

        Assert.Equal(1, results.Count(r => r == TypingDecision.Forward));
    }

    [Fact]
    public async Task StartAsync_NoRefreshProfileTypingSlowerThanTtl_ExpiredStateForwardsNewBurst()
    {
        var timings = new TypingTimings(Timeout.InfiniteTimeSpan, null); // TTL 1 min
        await _store.StartAsync(_key, timings, default);
        _time.Advance(TimeSpan.FromSeconds(59));
        var withinTtl = await _store.StartAsync(_key, timings, default);
        _time.Advance(TimeSpan.FromSeconds(60));
        var afterTtl = await _store.StartAsync(_key, timings, default);

        Assert.Equal(TypingDecision.Suppress, withinTtl); // the suppressed start renewed the TTL
        Assert.Equal(TypingDecision.Forward, afterTtl);
    }

    [Fact]
    public async Task Sweep_AfterTtl_RemovesEntries()
    {
        for (var i = 0; i < 100; i++)
        {
            await _store.StartAsync(TypingKey.Create("genesys-webmessaging", $"g{i}"), _genesys, default);
        }

        _time.Advance(TimeSpan.FromSeconds(59));
        var beforeTtl = _store.Count;
        _time.Advance(TimeSpan.FromSeconds(31)); // past the TTL (60 s) and a sweep tick (every 30 s)

        Assert.Equal(100, beforeTtl);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task Forget_TypingKey_NextStopSuppressed()
    {
        await _store.StartAsync(_key, _cxone, default);

        _store.Forget(_key);

        Assert.Equal(TypingDecision.Suppress, await _store.StopAsync(_key, _cxone, default));
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task StartAsync_BurstAtTenPerSecond_ForwardsCeilOfDurationOverInterval()
    {
        var timings = new TypingTimings(TimeSpan.FromSeconds(1), null);
        var forwarded = 0;
        for (var i = 0; i < 40; i++) // keystrokes at 0.0 … 3.9 s: ceil(3.9 / 1) = 4
        {
            forwarded += await _store.StartAsync(_key, timings, default) == TypingDecision.Forward ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(4, forwarded);
    }
}
