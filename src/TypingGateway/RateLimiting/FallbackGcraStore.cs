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
/// The two states follow each other, so neither switch hands a guest a fresh budget (a platform that counts in a
/// sliding second would reject the extra requests): every permit Redis admits is also recorded in memory (this
/// instance's own traffic, so an outage starts from it), and every call to Redis carries how long this instance's
/// memory says the partition is drained (<see cref="GcraLimits.BusyFor"/>, converted to shared units), so shared
/// limits resume where the instance's share left off (a lease's permits are recorded when leased). Both cost a
/// dictionary lookup, no round trip. Only Redis leases (<see cref="GcraLimits.Lease"/>): answered from memory, every call
/// takes one permit. Each instance
/// knows only its own traffic, and Redis takes the largest of what the instances report, not the sum: a lower bound
/// of the guest's use across instances, exact for a guest on one instance.
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
            // Leasing saves round trips to Redis; answered in memory it would only add error.
            return await _local.AcquireAsync(policy, partition, limits with { Lease = 1 }, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            // In memory an outage's permits cost an instance's share (n × the interval): in shared units, 1/n of that.
            var busyFor = _local.BusyFor(policy, partition) / _instanceCount;
            var decision = await _shared.AcquireAsync(policy, partition, busyFor > limits.BusyFor ? limits with { BusyFor = busyFor } : limits, cancellationToken).ConfigureAwait(false);
            if (decision.Allowed)
            {
                _local.Observe(policy, partition, limits, decision.Granted);
            }

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
        return await _local.AcquireAsync(policy, partition, limits.PerInstance(_instanceCount) with { Lease = 1 }, cancellationToken).ConfigureAwait(false);
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
