using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TypingGateway.Diagnostics;
using TypingGateway.RateLimiting;

namespace TypingGateway.Redis;

/// <summary>
/// GCRA state shared by every gateway instance: one string key per partition and policy, one atomic Lua script
/// per permit (<see cref="RateLimitRedisScripts.Acquire"/>), Redis server time, one round trip. Every call is
/// bounded by <see cref="RedisOptions.OperationTimeout"/> in total (a NOSCRIPT reload included) and fails with an
/// exception otherwise: the caller (<see cref="FallbackGcraStore"/>) decides what to do without Redis.
/// </summary>
internal sealed class RedisGcraStore : IGcraStore
{
    private readonly RedisScriptRunner _runner;
    private readonly TimeProvider? _scriptClock;
    private readonly string _prefix;
    private readonly RedisScript _acquire = new(RateLimitRedisScripts.AcquireName, RateLimitRedisScripts.Acquire);

    public RedisGcraStore(RedisConnection connection, IOptions<RedisOptions> options, GatewayMetrics metrics, TimeProvider timeProvider)
        : this(connection, options.Value, metrics, timeProvider, scriptClock: null)
    {
    }

    /// <param name="connection">The process's multiplexer.</param>
    /// <param name="options">Key prefix and operation timeout.</param>
    /// <param name="metrics">Where each round trip is counted.</param>
    /// <param name="timeProvider">Measures durations and timeouts.</param>
    /// <param name="scriptClock">
    /// Tests only: the script takes "now" from this clock instead of Redis <c>TIME</c>, so delays and retry-after
    /// times can be asserted to the microsecond. Production passes null.
    /// </param>
    internal RedisGcraStore(RedisConnection connection, RedisOptions options, GatewayMetrics metrics, TimeProvider timeProvider, TimeProvider? scriptClock)
    {
        _runner = new RedisScriptRunner(connection, metrics, timeProvider, options.OperationTimeout, RateLimitRedisScripts.LoadName);
        _scriptClock = scriptClock;
        _prefix = options.KeyPrefix;
    }

    public async ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await _runner.EvaluateAsync(
            _acquire,
            [RateLimitRedisKeys.State(_prefix, partition, policy)],
            [Gcra.IntervalMicroseconds(limits), Gcra.Usable(limits), Gcra.MaxDelayMicroseconds(limits), Now(), Gcra.BusyForMicroseconds(limits), Gcra.Lease(limits)],
            cancellationToken).ConfigureAwait(false))!;
        return new GcraDecision(
            (long)reply[0] == 1,
            Gcra.Microseconds((long)reply[1]),
            Gcra.Microseconds((long)reply[2]),
            (int)(long)reply[3],
            (int)(long)reply[4]);
    }

    /// <summary>Loads the script before the first request needs it, so that request does not pay for SCRIPT LOAD.</summary>
    public Task WarmUpAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _runner.WarmUpAsync([_acquire], timeout, cancellationToken);

    private RedisValue Now()
    {
        if (_scriptClock is null)
        {
            return RedisValue.EmptyString;
        }

        var microseconds = (_scriptClock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        return microseconds.ToString(CultureInfo.InvariantCulture);
    }
}
