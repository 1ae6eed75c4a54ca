using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TypingGateway.RateLimiting;
using TypingGateway.Redis;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using TypingGateway.Tests.Typing.State;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class FallbackGcraStoreTests : IAsyncDisposable
{
    private const string Fallbacks = "typinggateway.redis.fallbacks";
    private const string Policy = "messages";
    private const string Guest = "guest-1";

    // Shared budget 4/s, burst 4; each of two instances gets 2/s, burst 2 without Redis.
    private static readonly GcraLimits _limits = new(4, 4, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGcraStore _redisState;
    private readonly FlakyStore _redis;
    private readonly InMemoryGcraStore _local;
    private readonly MetricsCapture _metrics = new(Fallbacks);
    private readonly FakeLogger<FallbackGcraStore> _logger = new();
    private readonly RedisConnection _configured = Connection("127.0.0.1:1");

    public FallbackGcraStoreTests()
    {
        _redisState = new InMemoryGcraStore(_time);
        _redis = new FlakyStore(_redisState);
        _local = new InMemoryGcraStore(_time);
    }

    private IEnumerable<int> LoggedEventIds => _logger.Collector.GetSnapshot().Select(r => r.Id.Id);

    public async ValueTask DisposeAsync()
    {
        _redisState.Dispose();
        _local.Dispose();
        _metrics.Dispose();
        await _configured.DisposeAsync();
    }

    [Fact]
    public async Task AcquireAsync_RedisHealthy_SharedLimitsNoFallback()
    {
        var store = Create(_configured);

        var decisions = await AcquireManyAsync(store, 5);

        Assert.Equal([true, true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal(5, _redis.Calls);
        Assert.Equal(1, _local.Count); // the admitted permits, recorded for an outage to start from
        Assert.Equal(TimeSpan.FromSeconds(1), _local.BusyFor(Policy, Guest));
        Assert.Equal(0, _metrics.Sum(Fallbacks));
        Assert.Empty(LoggedEventIds);
    }

    [Fact]
    public async Task AcquireAsync_RedisUnavailable_PerInstanceLimitsFromMemoryAndLoggedOnce()
    {
        var store = Create(_configured);
        _redis.Failure = new RedisUnavailableException("down");

        var decisions = await AcquireManyAsync(store, 3);

        Assert.Equal([true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal(TimeSpan.FromMilliseconds(500), decisions[2].RetryAfter); // 2/s per instance
        Assert.Equal(3, _redis.Calls); // the outage policy, not this store, decides when calls stop reaching Redis
        Assert.Equal(3, _metrics.Sum(Fallbacks, ("feature", FallbackGcraStore.FallbackFeature)));
        Assert.Equal([1601], LoggedEventIds);
        Assert.True(store.IsInOutage);
    }

    [Fact]
    public async Task AcquireAsync_RedisBackAfterOutage_SharedLimitsAndLoggedOnce()
    {
        var store = Create(_configured);
        _redis.Failure = new RedisUnavailableException("slow");
        await AcquireManyAsync(store, 2);

        _redis.Failure = null;
        var decisions = await AcquireManyAsync(store, 5);

        // The 2 permits taken from this instance's share (2/s) during the outage still count against the shared
        // budget (4/s, burst 4) when Redis is back: 2 left, not a fresh burst of 4.
        Assert.Equal([true, true, false, false, false], decisions.Select(d => d.Allowed));
        Assert.False(store.IsInOutage);
        Assert.Equal(2, _metrics.Sum(Fallbacks));
        Assert.Equal([1601, 1602], LoggedEventIds);
    }

    [Fact]
    public async Task AcquireAsync_OutageAfterSharedPermits_StartsFromWhatThisInstanceUsed()
    {
        // The whole shared burst was used through this instance just before Redis failed: its share (2/s, burst 2)
        // has nothing left at once, and one permit back after 500 ms. (A fresh share would admit 2 more at once.)
        var store = Create(_configured);
        await AcquireManyAsync(store, 4);

        _redis.Failure = new RedisUnavailableException("down");
        var atOnce = await AcquireAsync(store);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var later = await AcquireManyAsync(store, 2);

        Assert.False(atOnce.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), atOnce.RetryAfter);
        Assert.Equal([true, false], later.Select(d => d.Allowed));
    }

    [Fact]
    public async Task AcquireAsync_TwoOutages_EachLoggedOnceWithItsEnd()
    {
        var store = Create(_configured);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            _redis.Failure = new RedisUnavailableException("Redis is not connected.");
            await AcquireManyAsync(store, 2);
            _redis.Failure = null;
            await AcquireManyAsync(store, 2);
        }

        Assert.Equal([1601, 1602, 1601, 1602], LoggedEventIds);
    }

    [Fact]
    public async Task AcquireAsync_RedisNotConfigured_FullLimitsFromMemoryOnly()
    {
        await using var unconfigured = Connection(null);
        var store = Create(unconfigured, instanceCount: 3);

        var decisions = await AcquireManyAsync(store, 5);

        Assert.Equal([true, true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal(TimeSpan.FromMilliseconds(250), decisions[4].RetryAfter);
        Assert.Equal(0, _redis.Calls);
        Assert.Equal(0, _metrics.Sum(Fallbacks));
        Assert.Empty(LoggedEventIds);
    }

    [Fact]
    public async Task AcquireAsync_CallerCancelled_CancellationReachesCaller()
    {
        var store = Create(_configured);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _redis.Failure = new OperationCanceledException(cancelled.Token);

        await Assert.ThrowsAsync<OperationCanceledException>(() => store.AcquireAsync(Policy, Guest, _limits, cancelled.Token).AsTask());
        Assert.Equal(0, _metrics.Sum(Fallbacks));
    }

    private static RedisConnection Connection(string? configuration) =>
        new(Options.Create(new RedisOptions { Configuration = configuration }), NullLogger<RedisConnection>.Instance, TimeProvider.System, NullLogger<RedisOutagePolicy>.Instance);

    private FallbackGcraStore Create(RedisConnection connection, int instanceCount = 2) =>
        new(_redis, _local, connection, instanceCount, _metrics.Metrics, _logger);

    private static ValueTask<GcraDecision> AcquireAsync(FallbackGcraStore store) => store.AcquireAsync(Policy, Guest, _limits, default);

    private static async Task<GcraDecision[]> AcquireManyAsync(FallbackGcraStore store, int count)
    {
        var decisions = new GcraDecision[count];
        for (var i = 0; i < count; i++)
        {
            decisions[i] = await store.AcquireAsync(Policy, Guest, _limits, default);
        }

        return decisions;
    }

    /// <summary>Stands in for Redis: the inner store's answers, or <see cref="Failure"/> when set.</summary>
    private sealed class FlakyStore(IGcraStore inner) : IGcraStore
    {
        public Exception? Failure { get; set; }

        public int Calls { get; private set; }

        public ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
        {
            Calls++;
            return Failure is { } failure ? ValueTask.FromException<GcraDecision>(failure) : inner.AcquireAsync(policy, partition, limits, cancellationToken);
        }
    }
}
