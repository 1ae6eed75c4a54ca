using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TypingGateway.Diagnostics;
using TypingGateway.Typing.State;

namespace TypingGateway.Redis;

/// <summary>
/// Typing state shared by every gateway instance: one hash per key, one atomic Lua script per transition
/// (<see cref="TypingRedisScripts"/>), server time. Every call is bounded by <see cref="RedisOptions.OperationTimeout"/>
/// in total (a NOSCRIPT reload included) and fails with an exception otherwise: the caller
/// (<see cref="FallbackTypingStateStore"/>) decides what to do without Redis.
/// </summary>
internal sealed class RedisTypingStateStore : ITypingStateStore
{
    private readonly RedisConnection _connection;
    private readonly RedisScriptRunner _runner;
    private readonly TimeProvider? _scriptClock;
    private readonly string _prefix;
    private readonly RedisValue _channel;
    private readonly RedisScript _start = new(TypingRedisScripts.StartName, TypingRedisScripts.Start);
    private readonly BurstEndScripts _published = new(TypingRedisScripts.Publish);
    private readonly BurstEndScripts _sharded = new(TypingRedisScripts.ShardedPublish);

    public RedisTypingStateStore(RedisConnection connection, IOptions<RedisOptions> options, GatewayMetrics metrics, TimeProvider timeProvider)
        : this(connection, options.Value, metrics, timeProvider, scriptClock: null)
    {
    }

    /// <param name="connection">The process's multiplexer.</param>
    /// <param name="options">Key prefix and operation timeout.</param>
    /// <param name="metrics">Where each round trip is counted.</param>
    /// <param name="timeProvider">Measures durations and timeouts.</param>
    /// <param name="scriptClock">
    /// Tests only: the scripts take "now" from this clock instead of Redis <c>TIME</c>, so transitions at exact
    /// boundaries can be asserted. Production passes null.
    /// </param>
    internal RedisTypingStateStore(RedisConnection connection, RedisOptions options, GatewayMetrics metrics, TimeProvider timeProvider, TimeProvider? scriptClock)
    {
        _connection = connection;
        _runner = new RedisScriptRunner(connection, metrics, timeProvider, options.OperationTimeout, TypingRedisScripts.LoadName);
        _scriptClock = scriptClock;
        _prefix = options.KeyPrefix;
        _channel = TypingRedisKeys.InvalidationChannel(_prefix).ToString();
    }

    public async ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken)
    {
        var interval = timings.RefreshesStart ? Milliseconds(timings.StartInterval) : TypingRedisScripts.Unbounded;
        var reply = (RedisResult[])(await EvaluateAsync(
            _start,
            key,
            [
                interval,
                Milliseconds(timings.StateTtl),
                Now(),
                Tab(tab),
                Milliseconds(timings.TabTtl),
                stopTemplate.IsEmpty ? RedisValue.EmptyString : (RedisValue)stopTemplate,
                timings.NewBurstAfter is { } gap ? Milliseconds(gap) : TypingRedisScripts.Unbounded,
            ],
            cancellationToken).ConfigureAwait(false))!;
        var decision = (long)reply[0] == TypingRedisScripts.Forward ? TypingDecision.Forward : TypingDecision.Suppress;
        var window = (long)reply[1];
        return new TypingStartResult(decision, window < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(window));
    }

    public async ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        var (scripts, channel) = BurstEnd(key);
        var ended = (long)(await EvaluateAsync(
            scripts.Stop,
            key,
            [Milliseconds(timings.StateTtl), channel, key.ToString(), Now(), Tab(tab), Milliseconds(timings.TabTtl)],
            cancellationToken).ConfigureAwait(false));
        return ended == 1 ? TypingDecision.Forward : TypingDecision.Suppress;
    }

    public async ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        var (scripts, channel) = BurstEnd(key);
        await EvaluateAsync(scripts.Message, key, [Milliseconds(timings.StateTtl), channel, key.ToString()], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        if (!tab.IsTracked)
        {
            return false;
        }

        var (scripts, channel) = BurstEnd(key);
        var owed = (long)(await EvaluateAsync(
            scripts.Leave,
            key,
            [Milliseconds(timings.StateTtl), channel, key.ToString(), Now(), Tab(tab), Milliseconds(timings.TabTtl), timings.StopAfterIdle is null ? "0" : "1"],
            cancellationToken).ConfigureAwait(false));
        return owed == 1;
    }

    public async ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        if (timings.StopAfterIdle is not { } stopAfterIdle)
        {
            return IdleCheckResult.Nothing;
        }

        var (scripts, channel) = BurstEnd(key);
        var reply = (RedisResult[])(await EvaluateAsync(
            scripts.Idle,
            key,
            [Milliseconds(stopAfterIdle), Milliseconds(timings.StateTtl), Now(), channel, key.ToString()],
            cancellationToken).ConfigureAwait(false))!;
        var code = (long)reply[0];
        return code switch
        {
            TypingRedisScripts.IdleSynthesize => IdleCheckResult.SynthesizeStop((byte[]?)reply[1] ?? []),
            > 0 => new IdleCheckResult(false, TimeSpan.FromMilliseconds(code)),
            _ => IdleCheckResult.Nothing,
        };
    }

    /// <summary>
    /// The scripts that may end <paramref name="key"/>'s burst and the channel they announce it on: ordinary pub/sub
    /// on one Redis; on a Redis Cluster sharded pub/sub, on the channel of the key's slot, so the announcement stays
    /// on the key's shard (<see cref="RedisTypingInvalidations"/> listens there). Before any server has answered the
    /// call fails as not connected, whichever is chosen.
    /// </summary>
    private (BurstEndScripts Scripts, RedisValue Channel) BurstEnd(TypingKey key) =>
        _connection.IsCluster == true
            ? (_sharded, TypingRedisKeys.ShardInvalidationChannel(_prefix, TypingRedisKeys.Slot(key)).ToString())
            : (_published, _channel);

    private static RedisValue Tab(TypingTab tab) => tab.Id ?? RedisValue.EmptyString;

    // Rounded up: a window that is a fraction of a millisecond long must not make Redis forward earlier
    // than the in-memory store would.
    private static long Milliseconds(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);

    private RedisValue Now() =>
        _scriptClock is null ? RedisValue.EmptyString : _scriptClock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private Task<RedisResult> EvaluateAsync(RedisScript script, TypingKey key, RedisValue[] args, CancellationToken cancellationToken) =>
        _runner.EvaluateAsync(script, [TypingRedisKeys.State(_prefix, key), TypingRedisKeys.Tabs(_prefix, key)], args, cancellationToken);

    /// <summary>
    /// Loads the scripts before the first guest needs them. Otherwise the first typing frame after a
    /// start pays for SCRIPT LOAD on every primary within one operation timeout and, on a busy
    /// machine, falls back to per-instance state for its first second.
    /// </summary>
    public Task WarmUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var scripts = _connection.IsCluster == true ? _sharded : _published;
        return _runner.WarmUpAsync([_start, scripts.Stop, scripts.Message, scripts.Leave, scripts.Idle], timeout, cancellationToken);
    }

    /// <summary>The scripts that can end a burst, with the command that announces it.</summary>
    private sealed class BurstEndScripts(string publish)
    {
        public RedisScript Stop { get; } = new(TypingRedisScripts.StopName, TypingRedisScripts.Stop(publish));

        public RedisScript Message { get; } = new(TypingRedisScripts.MessageName, TypingRedisScripts.Message(publish));

        public RedisScript Leave { get; } = new(TypingRedisScripts.LeaveName, TypingRedisScripts.Leave(publish));

        public RedisScript Idle { get; } = new(TypingRedisScripts.IdleName, TypingRedisScripts.Idle(publish));
    }
}
