using Microsoft.Extensions.Options;

namespace TypingGateway.Redis;

/// <summary>
/// After the Redis connection is up, loads the typing, token and rate-limit scripts and subscribes to typing
/// invalidations, so the first guests after a start or deploy get shared state at once. Failures are
/// harmless: all of it happens again on first use.
/// </summary>
internal sealed partial class RedisWarmUp(
    RedisConnection connection,
    RedisTypingStateStore store,
    RedisTypingInvalidations invalidations,
    RedisTokenCache tokens,
    RedisGcraStore rateLimits,
    IOptions<RedisOptions> options,
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
            invalidations.Start();
            await store.WarmUpAsync(options.Value.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await tokens.WarmUpAsync(options.Value.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            await rateLimits.WarmUpAsync(options.Value.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WarmUpFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Redis scripts were not preloaded; they load on first use.")]
        public static partial void WarmUpFailed(ILogger logger, Exception exception);
    }
}
