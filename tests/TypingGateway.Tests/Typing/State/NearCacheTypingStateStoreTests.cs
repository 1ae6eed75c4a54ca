using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class NearCacheTypingStateStoreTests : IDisposable
{
    private static readonly TypingKey _key = TypingKey.Create("genesys-webmessaging", "guest-1");
    private static readonly TypingTimings _oneSecond = new(TimeSpan.FromSeconds(1), null);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTypingStateStore _shared;
    private readonly CountingTypingStateStore _inner;
    private readonly FakeTypingInvalidations _invalidations = new();
    private readonly NearCacheTypingStateStore _cache;

    public NearCacheTypingStateStoreTests()
    {
        _shared = new InMemoryTypingStateStore(_time);
        _inner = new CountingTypingStateStore(_shared);
        _cache = new NearCacheTypingStateStore(_inner, _invalidations, _time);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _shared.Dispose();
    }

    [Fact]
    public async Task StartAsync_TenPerSecondForThreeSeconds_ExactForwardsAndOneRoundTripPerInterval()
    {
        var forwarded = await TypeAsync(_cache, _key, _oneSecond, keystrokes: 30);

        Assert.Equal(3, forwarded); // ceil(2.9 s / 1 s)
        Assert.Equal(3, _inner.Calls);
        Assert.True(_inner.Calls / 30.0 <= 0.2);
    }

    [Fact]
    public async Task StartAsync_TwoInstancesAlternating_ExactForwardsAcrossInstances()
    {
        using var otherInvalidations = new DisposableCache(_inner, _time);
        var forwarded = 0;
        for (var i = 0; i < 30; i++)
        {
            var store = i % 2 == 0 ? _cache : otherInvalidations.Cache;
            forwarded += await store.StartAsync(_key, _oneSecond, default) == TypingDecision.Forward ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, forwarded);
        Assert.Equal(6, _inner.Calls); // each instance learns each window once
    }

    [Fact]
    public async Task StartAsync_ProfileWithStopAfterIdle_EveryStartReachesInnerStore()
    {
        var cxone = new TypingTimings(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

        var forwarded = await TypeAsync(_cache, _key, cxone, keystrokes: 30);

        Assert.Equal(1, forwarded);
        Assert.Equal(30, _inner.Calls);
    }

    [Fact]
    public async Task StartAsync_InvalidationsInactive_EveryStartReachesInnerStore()
    {
        _invalidations.Active = false;

        var forwarded = await TypeAsync(_cache, _key, _oneSecond, keystrokes: 30);

        Assert.Equal(3, forwarded);
        Assert.Equal(30, _inner.Calls);
    }

    [Fact]
    public async Task StartAsync_OnlyThisKeysChannelInactive_ThisKeyReachesInnerStoreOthersCached()
    {
        var other = TypingKey.Create("genesys-webmessaging", "guest-2");
        _invalidations.Inactive.Add(_key);

        var forwarded = 0;
        for (var i = 0; i < 10; i++)
        {
            forwarded += await _cache.StartAsync(_key, _oneSecond, default) == TypingDecision.Forward ? 1 : 0;
            forwarded += await _cache.StartAsync(other, _oneSecond, default) == TypingDecision.Forward ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(2, forwarded); // one start of each key within the interval
        Assert.Equal(10 + 1, _inner.Calls); // every start of the key whose channel is not live, one of the other
        Assert.False(_cache.Remembers(_key));
        Assert.True(_cache.Remembers(other));
    }

    [Fact]
    public async Task StartAsync_AfterMessageOnOtherInstanceAndInvalidation_ForwardsAtOnce()
    {
        await _cache.StartAsync(_key, _oneSecond, default);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await _inner.MessageAsync(_key, _oneSecond, default); // another instance's message, straight to the shared state

        _invalidations.Raise(_key); // what its script published
        var next = await _cache.StartAsync(_key, _oneSecond, default);

        Assert.Equal(TypingDecision.Forward, next);
    }

    [Fact]
    public async Task StartAsync_OwnMessage_NextStartForwardsAtOnce()
    {
        await _cache.StartAsync(_key, _oneSecond, default);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        await _cache.MessageAsync(_key, _oneSecond, default);
        var next = await _cache.StartAsync(_key, _oneSecond, default);

        Assert.Equal(TypingDecision.Forward, next);
        Assert.Equal(3, _inner.Calls);
    }

    [Fact]
    public async Task StartAsync_OwnStop_DropsWindow()
    {
        var timings = new TypingTimings(TimeSpan.FromSeconds(5), null);
        await _cache.StartAsync(_key, timings, default);

        Assert.Equal(TypingDecision.Forward, await _cache.StopAsync(_key, timings, default));
        Assert.Equal(TypingDecision.Forward, await _cache.StartAsync(_key, timings, default));
        Assert.Equal(1, _cache.Count); // the new burst's window only
    }

    [Fact]
    public async Task StartAsync_InvalidationOfAllKeys_DropsEveryWindow()
    {
        var other = TypingKey.Create("genesys-webmessaging", "guest-2");
        await _cache.StartAsync(_key, _oneSecond, default);
        await _cache.StartAsync(other, _oneSecond, default);

        _invalidations.Raise(null);

        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task StartAsync_InvalidationWhileStartInFlight_WindowNotRemembered()
    {
        await _cache.StartAsync(_key, _oneSecond, default); // forwarded, window remembered
        _time.Advance(TimeSpan.FromSeconds(1));
        _inner.HoldStarts();
        var inFlight = _cache.StartAsync(_key, _oneSecond, default).AsTask(); // refresh executed, reply held

        _invalidations.Raise(_key); // the burst ended elsewhere after the refresh
        _inner.ReleaseStarts();
        await inFlight;
        var callsBefore = _inner.Calls;
        await _cache.StartAsync(_key, _oneSecond, default);

        Assert.Equal(callsBefore + 1, _inner.Calls); // asked the shared state rather than trusting the stale reply
    }

    [Fact]
    public async Task StartAsync_NoRefreshProfile_WindowCappedAtHalfTheTtl()
    {
        var timings = new TypingTimings(Timeout.InfiniteTimeSpan, null); // TTL 60 s → window 30 s

        var forwarded = await TypeAsync(_cache, _key, timings, keystrokes: 600, every: TimeSpan.FromMilliseconds(100)); // 60 s

        Assert.Equal(1, forwarded);
        Assert.Equal(2, _inner.Calls); // at 0 s and 30 s: the shared key's TTL keeps being renewed
    }

    [Fact]
    public async Task Sweep_AfterWindowsEnd_RemovesThem()
    {
        for (var i = 0; i < 50; i++)
        {
            await _cache.StartAsync(TypingKey.Create("genesys-webmessaging", $"g{i}"), _oneSecond, default);
        }

        var before = _cache.Count;
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(50, before);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public async Task CheckIdleAsync_Always_ReachesInnerStore()
    {
        var cxone = new TypingTimings(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));
        await _cache.StartAsync(_key, cxone, default);
        _time.Advance(TimeSpan.FromSeconds(1));

        var result = await _cache.CheckIdleAsync(_key, cxone, default);

        Assert.Equal(new IdleCheckResult(true, null), result);
        Assert.Equal(2, _inner.Calls);
    }

    private async Task<int> TypeAsync(NearCacheTypingStateStore store, TypingKey key, TypingTimings timings, int keystrokes, TimeSpan? every = null)
    {
        var forwarded = 0;
        for (var i = 0; i < keystrokes; i++)
        {
            forwarded += await store.StartAsync(key, timings, default) == TypingDecision.Forward ? 1 : 0;
            _time.Advance(every ?? TimeSpan.FromMilliseconds(100));
        }

        return forwarded;
    }

    /// <summary>A second instance's near cache over the same shared state.</summary>
    private sealed class DisposableCache(ITypingStateStore shared, TimeProvider time) : IDisposable
    {
        public NearCacheTypingStateStore Cache { get; } = new(shared, new FakeTypingInvalidations(), time);

        public void Dispose() => Cache.Dispose();
    }
}
