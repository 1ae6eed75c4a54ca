using TypingGateway.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class InMemoryGcraStoreTests : IDisposable
{
    private const string Policy = "messages";
    private const string Guest = "guest-1";

    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan _microsecond = TimeSpan.FromTicks(TimeSpan.TicksPerMicrosecond);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGcraStore _store;

    public InMemoryGcraStoreTests() => _store = new InMemoryGcraStore(_time);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task AcquireAsync_FromIdle_BurstAtOnceThenOnePerInterval()
    {
        var limits = new GcraLimits(2, 3, TimeSpan.Zero);

        var burst = await AcquireManyAsync(3, limits);
        var over = await AcquireAsync(limits);
        _time.Advance(_interval);
        var next = await AcquireAsync(limits);
        var overAgain = await AcquireAsync(limits);

        Assert.Equal([Allowed(2), Allowed(1), Allowed(0)], burst);
        Assert.Equal(Rejected(_interval), over);
        Assert.Equal(Allowed(0), next);
        Assert.Equal(Rejected(_interval), overAgain);
    }

    [Fact]
    public async Task AcquireAsync_Rejected_RetryAfterExactAndNothingConsumed()
    {
        var limits = new GcraLimits(2, 1, TimeSpan.Zero);
        await AcquireAsync(limits);

        var rejected = await AcquireAsync(limits);
        _time.Advance(_interval - _microsecond);
        var justBefore = await AcquireAsync(limits);
        _time.Advance(_microsecond);
        var atRetryAfter = await AcquireAsync(limits);

        Assert.Equal(Rejected(_interval), rejected);
        Assert.Equal(Rejected(_microsecond), justBefore);
        Assert.Equal(Allowed(0), atRetryAfter);
    }

    [Fact]
    public async Task AcquireAsync_Shaping_DelaysExactAndCumulative()
    {
        var limits = new GcraLimits(2, 1, TimeSpan.FromSeconds(3));

        var decisions = await AcquireManyAsync(6, limits);

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.All(decisions, d => Assert.Equal(0, d.Remaining));
        Assert.Equal([0, 0.5, 1, 1.5, 2, 2.5], decisions.Select(d => d.Delay.TotalSeconds));
    }

    [Fact]
    public async Task AcquireAsync_ShapingBeyondMaxDelay_RejectedWithExactRetryAfter()
    {
        var limits = new GcraLimits(2, 1, TimeSpan.FromSeconds(3));
        await AcquireManyAsync(6, limits);

        var atMaxDelay = await AcquireAsync(limits);
        var beyond = await AcquireAsync(limits);
        _time.Advance(_interval);
        var afterRetry = await AcquireAsync(limits);

        Assert.Equal(new GcraDecision(true, TimeSpan.FromSeconds(3), TimeSpan.Zero, 0), atMaxDelay);
        Assert.Equal(Rejected(_interval), beyond);
        Assert.Equal(new GcraDecision(true, TimeSpan.FromSeconds(3), TimeSpan.Zero, 0), afterRetry);
    }

    [Fact]
    public async Task AcquireAsync_SustainedAtThreeTimesTheRate_BurstPlusRatePerSecond()
    {
        var limits = new GcraLimits(5, 4, TimeSpan.Zero);
        var step = TimeSpan.FromSeconds(1) / 15;

        var allowed = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(10); elapsed += step)
        {
            allowed += (await AcquireAsync(limits)).Allowed ? 1 : 0;
            _time.Advance(step);
        }

        Assert.InRange(allowed, 4 + 50 - 1, 4 + 50 + 1);
    }

    [Fact]
    public async Task AcquireAsync_AfterIdle_FullBurstAgain()
    {
        var limits = new GcraLimits(2, 3, TimeSpan.Zero);
        await AcquireManyAsync(4, limits);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        var burst = await AcquireManyAsync(4, limits);

        Assert.Equal([true, true, true, false], burst.Select(d => d.Allowed));
    }

    [Theory]
    [InlineData(Policy, "guest-2")]
    [InlineData("uploads", Guest)]
    public async Task AcquireAsync_OtherPartitionOrPolicy_Independent(string policy, string partition)
    {
        var limits = new GcraLimits(1, 1, TimeSpan.Zero);
        await AcquireAsync(limits);

        var other = await _store.AcquireAsync(policy, partition, limits, default);
        var same = await AcquireAsync(limits);

        Assert.Equal(Allowed(0), other);
        Assert.False(same.Allowed);
    }

    [Fact]
    public async Task AcquireAsync_ManyConcurrentCallers_ExactlyBurstAllowed()
    {
        var limits = new GcraLimits(0.001, 100, TimeSpan.Zero);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => AcquireAsync(limits).AsTask())));

        Assert.Equal(100, decisions.Count(d => d.Allowed));
        Assert.Equal(Enumerable.Range(0, 100), decisions.Where(d => d.Allowed).Select(d => d.Remaining).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task AcquireAsync_RateNotPositive_Throws(double rate)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AcquireAsync(new GcraLimits(rate, 1, TimeSpan.Zero)).AsTask());
    }

    [Fact]
    public async Task Sweep_OnTimer_FreesExpiredEntriesOnly()
    {
        var shortLived = new GcraLimits(10, 1, TimeSpan.Zero);
        var longLived = new GcraLimits(0.01, 1, TimeSpan.Zero); // TAT 100 s ahead
        await _store.AcquireAsync(Policy, "a", shortLived, default);
        await _store.AcquireAsync(Policy, "b", shortLived, default);
        await _store.AcquireAsync(Policy, "c", longLived, default);

        _time.Advance(InMemoryGcraStore.SweepInterval);
        var afterSweep = _store.Count;
        var stillLimited = await _store.AcquireAsync(Policy, "c", longLived, default);

        Assert.Equal(1, afterSweep);
        Assert.False(stillLimited.Allowed);
    }

    [Fact]
    public async Task Sweep_EntryExpiresOneSecondAfterItsTat()
    {
        await AcquireAsync(new GcraLimits(1, 1, TimeSpan.Zero)); // TAT 1 s ahead: kept until 2 s

        _time.Advance(TimeSpan.FromSeconds(2) - _microsecond);
        _store.Sweep();
        var beforeExpiry = _store.Count;
        _time.Advance(_microsecond);
        _store.Sweep();

        Assert.Equal(1, beforeExpiry);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task AcquireAsync_StoreFullOfLiveEntries_NewPartitionAllowedUntrackedAndCounted()
    {
        var limits = new GcraLimits(0.1, 1, TimeSpan.Zero);
        using var store = await FullStoreAsync(2, limits);

        var untracked = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => store.AcquireAsync(Policy, "new", limits, default).AsTask()));
        var tracked = await store.AcquireAsync(Policy, "p0", limits, default);

        Assert.All(untracked, d => Assert.Equal(Allowed(0), d));
        Assert.Equal(3, store.UntrackedAcquires);
        Assert.Equal(2, store.Count);
        Assert.False(tracked.Allowed); // live entries are never evicted
    }

    [Fact]
    public async Task AcquireAsync_StoreFullOfExpiredEntries_EvictsThemAndTracksNewPartition()
    {
        var limits = new GcraLimits(1, 1, TimeSpan.Zero);
        using var store = await FullStoreAsync(2, limits);
        _time.Advance(TimeSpan.FromSeconds(2)); // both expired, the periodic sweep not due yet

        var first = await store.AcquireAsync(Policy, "new", limits, default);
        var second = await store.AcquireAsync(Policy, "new", limits, default);

        Assert.Equal(Allowed(0), first);
        Assert.False(second.Allowed);
        Assert.Equal(0, store.UntrackedAcquires);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task AcquireAsync_StoreFull_EvictsAtMostOncePerInterval()
    {
        var limits = new GcraLimits(1, 1, TimeSpan.Zero);
        using var store = await FullStoreAsync(1, limits);
        await store.AcquireAsync(Policy, "new", limits, default); // nothing expired: untracked, eviction spent

        _time.Advance(TimeSpan.FromSeconds(1.5)); // "p0" lives until 2 s: a second eviction finds nothing
        await store.AcquireAsync(Policy, "new", limits, default);
        _time.Advance(TimeSpan.FromSeconds(0.5)); // "p0" expired, but the last eviction was less than its interval ago
        await store.AcquireAsync(Policy, "new", limits, default);
        _time.Advance(InMemoryGcraStore.EvictionInterval);
        await store.AcquireAsync(Policy, "new", limits, default);

        Assert.Equal(3, store.UntrackedAcquires);
        Assert.Equal(1, store.Count);
    }

    /// <summary>A store of <paramref name="maxEntries"/> entries holding partitions p0, p1, … (one permit taken each).</summary>
    private async Task<InMemoryGcraStore> FullStoreAsync(int maxEntries, GcraLimits limits)
    {
        var store = new InMemoryGcraStore(_time, maxEntries);
        for (var i = 0; i < maxEntries; i++)
        {
            await store.AcquireAsync(Policy, $"p{i}", limits, default);
        }

        return store;
    }

    private static GcraDecision Allowed(int remaining) => new(true, TimeSpan.Zero, TimeSpan.Zero, remaining);

    private static GcraDecision Rejected(TimeSpan retryAfter) => new(false, TimeSpan.Zero, retryAfter, 0, 0);

    private ValueTask<GcraDecision> AcquireAsync(GcraLimits limits) => _store.AcquireAsync(Policy, Guest, limits, default);

    private async Task<GcraDecision[]> AcquireManyAsync(int count, GcraLimits limits)
    {
        var decisions = new GcraDecision[count];
        for (var i = 0; i < count; i++)
        {
            decisions[i] = await AcquireAsync(limits);
        }

        return decisions;
    }
}
