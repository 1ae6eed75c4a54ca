using TypingGateway.Diagnostics;
using TypingGateway.Redis;

namespace TypingGateway.RateLimiting;

/// <summary>
/// Shared limits from Redis, per-instance limits from this process when Redis fails (design.md §4: Redis is never
/// on the critical path). A failed or timed-out call is answered by the in-memory store at once with
/// <see cref="GcraLimits.PerInstance"/> of the instance count, so the cluster as a whole keeps about the
/// configured budget. Whether Redis is available is <see cref="RedisOutagePolicy"/>'s decision: during an outage
/// calls fail fast, and shared limits resume when its probe answers. Each outage is logged once, and its end once. Without Redis configured at all
/// (single-instance mode) only the in-memory store is used, with the full limits.
/// </summary>
/// <remarks>
/// The two states are not merged: a partition that was limited in memory during an outage starts again from what
/// Redis remembers (nothing, after a restart). At worst a guest gets one extra burst at the switch.
/// </remarks>
internal sealed partial class FallbackGcraStore : IGcraStore
{
    /// <summary>Metric feature tag of <c>RedisFallback</c> for rate limits.</summary>
    public const string FallbackFeature = "ratelimits";

    private readonly IGcraStore _shared;
    private readonly InMemoryGcraStore _local;
    private readonly bool _sharedConfigured;
    private readonly int _instanceCount;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<FallbackGcraStore> _logger;
    private readonly RedisOutageLatch _outage = new();

    /// <param name="shared">The Redis store.</param>
    /// <param name="local">This process's store.</param>
    /// <param name="connection">Tells whether Redis is configured at all.</param>
    /// <param name="instanceCount">How many gateway instances share the limits; each enforces its share while Redis is down.</param>
    /// <param name="metrics">Counts each call answered from memory because Redis failed.</param>
    /// <param name="logger">Logs the start and the end of an outage.</param>
    public FallbackGcraStore(
        IGcraStore shared,
        InMemoryGcraStore local,
        RedisConnection connection,
        int instanceCount,
        GatewayMetrics metrics,
        ILogger<FallbackGcraStore> logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(instanceCount);
        _shared = shared;
        _local = local;
        _sharedConfigured = connection.IsConfigured;
        _instanceCount = instanceCount;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>True while calls are answered from memory because Redis failed.</summary>
    internal bool IsInOutage => _outage.IsInOutage;

    public async ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
    {
        if (!_sharedConfigured)
        {
            return await _local.AcquireAsync(policy, partition, limits, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var decision = await _shared.AcquireAsync(policy, partition, limits, cancellationToken).ConfigureAwait(false);
            if (_outage.Leave())
            {
                Log.SharedLimitsResumed(_logger);
            }

            return decision;
        }
        catch (RedisUnavailableException ex)
        {
            if (_outage.Enter())
            {
                Log.PerInstanceLimits(_logger, _instanceCount, ex);
            }
        }

        _metrics.RedisFallback(FallbackFeature);
        return await _local.AcquireAsync(policy, partition, limits.PerInstance(_instanceCount), cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, Level = LogLevel.Warning,
            Message = "Redis unreachable for rate limits; each instance enforces its share (1/{InstanceCount}) of every limit in memory.")]
        public static partial void PerInstanceLimits(ILogger logger, int instanceCount, Exception exception);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Redis back; rate limits shared again.")]
        public static partial void SharedLimitsResumed(ILogger logger);
    }
}
