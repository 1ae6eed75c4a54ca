using Microsoft.Extensions.Logging.Testing;
using TypingGateway.RateLimiting;
using TypingGateway.Redis;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>
/// One gateway instance's GCRA stores over its own multiplexer, metrics and logs (the connection, options and
/// counters of a <see cref="TypingStateInstance"/>): Redis, memory, and the fallback over both. Several of these
/// in one test are several gateway instances sharing one Redis.
/// </summary>
internal sealed class GcraStoreInstance : IAsyncDisposable
{
    private readonly TypingStateInstance _host;
    private readonly ILoggerFactory _loggers;

    private GcraStoreInstance(TypingStateInstance host, int instanceCount, TimeProvider? scriptClock)
    {
        _host = host;
        _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FakeLoggerProvider(host.Logs)));
        Redis = new RedisGcraStore(host.Connection, host.Options, host.Metrics, TimeProvider.System, scriptClock);
        Memory = new InMemoryGcraStore(TimeProvider.System);
        Fallback = new FallbackGcraStore(Redis, Memory, host.Connection, instanceCount, host.Metrics, _loggers.CreateLogger<FallbackGcraStore>());
    }

    public RedisGcraStore Redis { get; }

    public InMemoryGcraStore Memory { get; }

    public FallbackGcraStore Fallback { get; }

    public FakeLogCollector Logs => _host.Logs;

    /// <param name="configuration">The Redis server.</param>
    /// <param name="keyPrefix">Prefix of the keys, so tests do not share state by accident.</param>
    /// <param name="instanceCount">How many instances the fallback divides the limits by.</param>
    /// <param name="scriptClock">"Now" of the Redis script instead of <c>TIME</c> (exact-time tests).</param>
    /// <param name="operationTimeout">The Redis operation timeout (generous by default).</param>
    public static async Task<GcraStoreInstance> StartAsync(
        string configuration,
        string keyPrefix,
        int instanceCount = 1,
        TimeProvider? scriptClock = null,
        TimeSpan? operationTimeout = null) =>
        new(await TypingStateInstance.StartAsync(configuration, keyPrefix, operationTimeout), instanceCount, scriptClock);

    /// <inheritdoc cref="TypingStateInstance.Sum"/>
    public long Sum(string counter, params (string Key, object? Value)[] tags) => _host.Sum(counter, tags);

    public async ValueTask DisposeAsync()
    {
        Memory.Dispose();
        _loggers.Dispose();
        await _host.DisposeAsync();
    }
}
