using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class FallbackTypingStateStoreTests : IDisposable
{
    private const string Fallbacks = "typinggateway.redis.fallbacks";

    private static readonly TypingKey _key = TypingKey.Create("cxone-chat", "guest-1");
    private static readonly TypingTimings _genesys = new(TimeSpan.FromSeconds(5), null);
    private static readonly TypingTimings _cxone = new(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTypingStateStore _redisState;
    private readonly CountingTypingStateStore _redis;
    private readonly InMemoryTypingStateStore _local;
    private readonly MetricsCapture _metrics = new(Fallbacks);
    private readonly FakeLogger<FallbackTypingStateStore> _logger = new();
    private readonly FallbackTypingStateStore _store;

    public FallbackTypingStateStoreTests()
    {
        _redisState = new InMemoryTypingStateStore(_time);
        _redis = new CountingTypingStateStore(_redisState);
        _local = new InMemoryTypingStateStore(_time);
        _store = new FallbackTypingStateStore(_redis, _local, _metrics.Metrics, _logger);
    }

    private IEnumerable<int> LoggedEventIds => _logger.Collector.GetSnapshot().Select(r => r.Id.Id);

    public void Dispose()
    {
        _redisState.Dispose();
        _local.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task StartAsync_RedisHealthy_UsesRedisAndCountsNoFallback()
    {
        var decision = await _store.StartAsync(_key, _genesys, default);

        Assert.Equal(TypingDecision.Forward, decision);
        Assert.Equal(1, _redis.Calls);
        Assert.Equal(0, _local.Count);
        Assert.Equal(0, _metrics.Sum(Fallbacks));
        Assert.Empty(LoggedEventIds);
    }

    [Fact]
    public async Task StartAsync_RedisFails_AnsweredFromMemoryAndLoggedOnce()
    {
        _redis.Failure = new RedisUnavailableException("redis timeout");

        var first = await _store.StartAsync(_key, _genesys, default);
        var second = await _store.StartAsync(_key, _genesys, default);
        var third = await _store.StartAsync(_key, _genesys, default);

        Assert.Equal([TypingDecision.Forward, TypingDecision.Suppress, TypingDecision.Suppress], [first, second, third]);
        Assert.Equal(3, _redis.Calls); // failing fast during an outage is the outage policy's job, not this store's
        Assert.Equal(3, _metrics.Sum(Fallbacks, ("feature", "typing")));
        Assert.Equal([1201], LoggedEventIds);
        Assert.True(_store.IsInOutage);
    }

    [Fact]
    public async Task StartAsync_RedisUnavailable_NeverReachesCaller()
    {
        _redis.Failure = new RedisUnavailableException("not connected");

        var exception = await Record.ExceptionAsync(async () =>
        {
            await _store.StartAsync(_key, _cxone, default);
            await _store.StopAsync(_key, _cxone, default);
            await _store.MessageAsync(_key, _cxone, default);
            await _store.CheckIdleAsync(_key, _cxone, default);
        });

        Assert.Null(exception);
    }

    [Fact]
    public async Task StartAsync_RedisAnswersAgain_SharedAgainAndLoggedOnce()
    {
        _redis.Failure = new RedisUnavailableException("redis timeout");
        await _store.StartAsync(_key, _genesys, default);
        await _store.StartAsync(_key, _genesys, default);
        _redis.Failure = null;

        await _store.StartAsync(_key, _genesys, default);
        await _store.StartAsync(_key, _genesys, default);

        Assert.Equal(4, _redis.Calls);
        Assert.Equal([1201, 1202], LoggedEventIds);
        Assert.False(_store.IsInOutage);
        Assert.Equal(2, _metrics.Sum(Fallbacks));
    }

    [Fact]
    public async Task StartAsync_TwoOutages_EachLoggedOnceWithItsEnd()
    {
        foreach (var _ in Enumerable.Range(0, 2))
        {
            _redis.Failure = new RedisUnavailableException("down");
            await _store.StartAsync(_key, _genesys, default);
            await _store.StartAsync(_key, _genesys, default);
            _redis.Failure = null;
            await _store.StartAsync(_key, _genesys, default);
        }

        Assert.Equal([1201, 1202, 1201, 1202], LoggedEventIds);
    }

    [Fact]
    public async Task StartAsync_CallerCancelled_ThrowsWithoutEnteringOutage()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.StartAsync(_key, _genesys, cancelled.Token).AsTask());

        Assert.False(_store.IsInOutage);
        Assert.Empty(LoggedEventIds);
    }

    [Fact]
    public async Task StopAsync_BurstStartedDuringOutage_ForwardedAfterRecovery()
    {
        _redis.Failure = new RedisUnavailableException("redis timeout");
        await _store.StartAsync(_key, _cxone, default); // forwarded from memory
        _redis.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(1));

        var stop = await _store.StopAsync(_key, _cxone, default); // Redis knows no burst; memory does

        Assert.Equal(TypingDecision.Forward, stop);
        Assert.False(_store.IsInOutage);
    }

    [Fact]
    public async Task CheckIdleAsync_BurstStartedDuringOutage_SynthesizedOnceAfterRecovery()
    {
        _redis.Failure = new RedisUnavailableException("redis timeout");
        await _store.StartAsync(_key, _cxone, default);
        _redis.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(1));

        var first = await _store.CheckIdleAsync(_key, _cxone, default);
        var second = await _store.CheckIdleAsync(_key, _cxone, default);

        Assert.Equal(new IdleCheckResult(true, null), first);
        Assert.Equal(IdleCheckResult.Nothing, second);
    }

    [Fact]
    public async Task StartAsync_AnsweredByRedisAfterRecovery_DropsInMemoryBurst()
    {
        _redis.Failure = new RedisUnavailableException("redis timeout");
        await _store.StartAsync(_key, _cxone, default);
        _redis.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(1));

        await _store.StartAsync(_key, _cxone, default); // Redis owns the burst from here
        _time.Advance(TimeSpan.FromSeconds(1));
        var idle = await _store.CheckIdleAsync(_key, _cxone, default);
        var again = await _store.CheckIdleAsync(_key, _cxone, default);

        Assert.Equal(0, _local.Count);
        Assert.Equal(new IdleCheckResult(true, null), idle); // Redis's stop, and only one
        Assert.Equal(IdleCheckResult.Nothing, again);
    }

    [Fact]
    public async Task CheckIdleAsync_DuringOutageWithoutLocalBurst_RechecksAfterBackoff()
    {
        await _store.StartAsync(_key, _cxone, default); // burst in Redis
        _redis.Failure = new RedisUnavailableException("redis timeout");

        var result = await _store.CheckIdleAsync(_key, _cxone, default);

        Assert.Equal(new IdleCheckResult(false, TimeSpan.FromSeconds(1)), result);
    }

    [Fact]
    public async Task CheckIdleAsync_DuringOutageAfterLocalStop_NothingMore()
    {
        _redis.Failure = new RedisUnavailableException("redis timeout");
        await _store.StartAsync(_key, _cxone, default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var stop = await _store.CheckIdleAsync(_key, _cxone, default);

        var after = await _store.CheckIdleAsync(_key, _cxone, default);

        Assert.True(stop.Synthesize);
        Assert.Equal(IdleCheckResult.Nothing, after); // memory finished this burst; no endless rechecks
    }

    [Fact]
    public async Task MessageAsync_RedisHealthy_AppliedToRedis()
    {
        await _store.StartAsync(_key, _genesys, default);

        await _store.MessageAsync(_key, _genesys, default);

        Assert.Equal(TypingDecision.Forward, await _redisState.StartAsync(_key, _genesys, default));
    }
}
