using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using TypingGateway.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Redis;
using TypingGateway.Testing;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>
/// One gateway instance's typing state, composed exactly as the gateway does (<c>AddTypingStateStore</c>)
/// over its own multiplexer, with its own metrics and logs. Several of these in one test are several
/// gateway instances sharing one Redis.
/// </summary>
internal sealed class TypingStateInstance : IAsyncDisposable
{
    public const string RoundTrips = "typinggateway.redis.round_trips";
    public const string Fallbacks = "typinggateway.redis.fallbacks";
    public const string Errors = "typinggateway.redis.errors";

    private readonly ServiceProvider _services;
    private readonly CounterCollectors _counters;

    private TypingStateInstance(ServiceProvider services)
    {
        _services = services;
        Logs = services.GetFakeLogCollector();
        _counters = new CounterCollectors(services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName, [RoundTrips, Errors, Fallbacks]);
    }

    public FakeLogCollector Logs { get; }

    /// <summary>What the gateway's collapser talks to: near cache → fallback → Redis / memory.</summary>
    public ITypingStateStore Store => _services.GetRequiredService<ITypingStateStore>();

    public NearCacheTypingStateStore NearCache => _services.GetRequiredService<NearCacheTypingStateStore>();

    public FallbackTypingStateStore Fallback => _services.GetRequiredService<FallbackTypingStateStore>();

    public RedisTypingStateStore Redis => _services.GetRequiredService<RedisTypingStateStore>();

    public RedisTypingInvalidations Invalidations => _services.GetRequiredService<RedisTypingInvalidations>();

    public RedisConnection Connection => _services.GetRequiredService<RedisConnection>();

    public GatewayMetrics Metrics => _services.GetRequiredService<GatewayMetrics>();

    public RedisOptions Options => _services.GetRequiredService<IOptions<RedisOptions>>().Value;

    public static async Task<TypingStateInstance> StartAsync(string configuration, string keyPrefix, TimeSpan? operationTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<RedisOptions>().Configure(o =>
        {
            o.Configuration = configuration;
            o.KeyPrefix = keyPrefix;
            // Generous unless a test is about timeouts: a loaded CI machine must not turn a slow call into a fallback.
            o.OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(2);
        });
        services.AddSingleton<RedisConnection>();
        services.AddTypingStateStore();

        var instance = new TypingStateInstance(services.BuildServiceProvider());
        await instance.Connection.StartAsync(CancellationToken.None);
        return instance;
    }

    /// <summary>The sum of <see cref="RoundTrips"/>, <see cref="Errors"/> or <see cref="Fallbacks"/>, optionally only where its tags include <paramref name="tags"/>.</summary>
    public long Sum(string counter, params (string Key, object? Value)[] tags) => _counters.Sum(counter, tags);

    /// <summary>
    /// Waits until the near cache receives invalidations for <paramref name="key"/> (the subscription starts on first
    /// use); on one Redis one channel carries every key's, so any key will do.
    /// </summary>
    public Task WaitUntilInvalidationsActiveAsync(TypingKey? key = null) =>
        Wait.UntilAsync(
            () => Task.FromResult(Invalidations.EnsureActive(key ?? TypingKey.Create("any", "key"))), TimeSpan.FromSeconds(10), "the typing invalidation subscription is live");

    public async ValueTask DisposeAsync()
    {
        _counters.Dispose();
        await _services.DisposeAsync();
    }
}
