using Microsoft.Extensions.Options;

namespace TypingGateway.Redis;

/// <summary>
/// After the Redis connection is up, subscribes to typing invalidations and loads the typing, token and rate-limit
/// scripts, and waits (within the connect timeout) until the subscriptions are confirmed, so the first guests
/// after a start or deploy get shared state at once and no instance misses the end of a burst for want of a
/// subscription (on a Redis Cluster, 16384 of them). Failures are harmless: all of it happens again on first use.
/// </summary>
internal sealed partial class RedisWarmUp(
    RedisConnection connection,
    RedisTypingStateStore store,
    RedisTypingInvalidations invalidations,
    RedisTokenCache tokens,
    RedisGcraStore rateLimits,
    IOptions<RedisOptions> options,
    TimeProvider time,
    ILogger<RedisWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!connection.IsConfigured)
        {
            return;
        }

        try
        {
            var started = time.GetTimestamp();
            var subscribed = invalidations.StartAsync();
            await store.WarmUpAsync(options.Value.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await tokens.WarmUpAsync(options.Value.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await rateLimits.WarmUpAsync(options.Value.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            var left = options.Value.ConnectTimeout - time.GetElapsedTime(started);
            await subscribed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WarmUpFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1104, Level = LogLevel.Debug,
            Message = "Redis scripts were not preloaded or invalidation subscriptions not confirmed at start; they follow on first use.")]
        public static partial void WarmUpFailed(ILogger logger, Exception exception);
    }
}
