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
internal sealed class RedisTypingStateStore : IWindowedTypingStateStore
{
    private const string NoScriptPrefix = "NOSCRIPT";

    private readonly RedisConnection _connection;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly TimeProvider? _scriptClock;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly RedisValue _channel;
    private readonly RedisScript _start = new(TypingRedisScripts.StartName, TypingRedisScripts.Start);
    private readonly RedisScript _stop = new(TypingRedisScripts.StopName, TypingRedisScripts.EndBurst);
    private readonly RedisScript _message = new(TypingRedisScripts.MessageName, TypingRedisScripts.EndBurst);
    private readonly RedisScript _idle = new(TypingRedisScripts.IdleName, TypingRedisScripts.Idle);

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
        _metrics = metrics;
        _timeProvider = timeProvider;
        _scriptClock = scriptClock;
        _prefix = options.KeyPrefix;
        _timeout = options.OperationTimeout;
        _channel = TypingRedisKeys.InvalidationChannel(_prefix).ToString();
    }

    public async ValueTask<TypingDecision> StartAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        (await StartWithWindowAsync(key, timings, cancellationToken).ConfigureAwait(false)).Decision;

    public async ValueTask<TypingStartResult> StartWithWindowAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        var interval = timings.RefreshesStart ? Milliseconds(timings.StartInterval) : TypingRedisScripts.Unbounded;
        var reply = (RedisResult[])(await EvaluateAsync(_start, key, [interval, Milliseconds(timings.StateTtl), Now()], cancellationToken).ConfigureAwait(false))!;
        var decision = (long)reply[0] == TypingRedisScripts.Forward ? TypingDecision.Forward : TypingDecision.Suppress;
        var window = (long)reply[1];
        return new TypingStartResult(decision, window < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(window));
    }

    public async ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        var ended = (long)(await EvaluateAsync(_stop, key, [Milliseconds(timings.StateTtl), _channel, key.ToString()], cancellationToken).ConfigureAwait(false));
        return ended == 1 ? TypingDecision.Forward : TypingDecision.Suppress;
    }

    public async ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        await EvaluateAsync(_message, key, [Milliseconds(timings.StateTtl), _channel, key.ToString()], cancellationToken).ConfigureAwait(false);

    public async ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        if (timings.StopAfterIdle is not { } stopAfterIdle)
        {
            return IdleCheckResult.Nothing;
        }

        var reply = (long)(await EvaluateAsync(
            _idle,
            key,
            [Milliseconds(stopAfterIdle), Milliseconds(timings.StateTtl), Now(), _channel, key.ToString()],
            cancellationToken).ConfigureAwait(false));
        return reply switch
        {
            TypingRedisScripts.IdleSynthesize => new IdleCheckResult(true, null),
            > 0 => new IdleCheckResult(false, TimeSpan.FromMilliseconds(reply)),
            _ => IdleCheckResult.Nothing,
        };
    }

    // Rounded up: a window that is a fraction of a millisecond long must not make Redis forward earlier
    // than the in-memory store would.
    private static long Milliseconds(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);

    private static bool IsNoScript(RedisServerException exception) => exception.Message.StartsWith(NoScriptPrefix, StringComparison.Ordinal);

    private RedisValue Now() =>
        _scriptClock is null ? RedisValue.EmptyString : _scriptClock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private async Task<RedisResult> EvaluateAsync(RedisScript script, TypingKey key, RedisValue[] args, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();

        // Fail at once rather than queue behind a dead connection: the fallback answers meanwhile.
        var multiplexer = _connection.Multiplexer is { IsConnected: true } connected
            ? connected
            : throw new InvalidOperationException("Redis is not connected.");
        var database = multiplexer.GetDatabase();
        RedisKey[] keys = [TypingRedisKeys.State(_prefix, key)];
        var sha = script.Sha ?? await LoadAsync(multiplexer, script, started, cancellationToken).ConfigureAwait(false);
        try
        {
            return await CallAsync<RedisResult>(script.Name, () => database.ScriptEvaluateAsync(sha, keys, args), started, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            sha = await LoadAsync(multiplexer, script, started, cancellationToken).ConfigureAwait(false);
            return await CallAsync<RedisResult>(script.Name, () => database.ScriptEvaluateAsync(sha, keys, args), started, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads the scripts before the first guest needs them. Otherwise the first typing frame after a
    /// start pays for SCRIPT LOAD on every primary within one operation timeout and, on a busy
    /// machine, falls back to per-instance state for its first second. Not connected: a no-op (the
    /// scripts load on first use, and again after NOSCRIPT).
    /// </summary>
    public async Task WarmUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_connection.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return;
        }

        var started = _timeProvider.GetTimestamp();
        foreach (var script in new[] { _start, _stop, _message, _idle })
        {
            await LoadAsync(multiplexer, script, started, cancellationToken, timeout).ConfigureAwait(false);
        }
    }

    /// <summary>SCRIPT LOAD on every connected primary (under Redis Cluster a key may live on any of them).</summary>
    private async Task<byte[]> LoadAsync(IConnectionMultiplexer multiplexer, RedisScript script, long started, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        byte[]? sha = null;
        foreach (var endpoint in multiplexer.GetEndPoints())
        {
            var server = multiplexer.GetServer(endpoint);
            if (server.IsConnected && !server.IsSlave)
            {
                sha = await CallAsync(TypingRedisScripts.LoadName, () => server.ScriptLoadAsync(script.Text), started, cancellationToken, timeout).ConfigureAwait(false);
            }
        }

        script.Sha = sha ?? throw new InvalidOperationException("No connected Redis primary to load the typing scripts on.");
        return sha;
    }

    /// <summary>One round trip, counted in the metrics, within what is left of the operation's timeout.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, long operationStarted, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var remaining = (timeout ?? _timeout) - _timeProvider.GetElapsedTime(operationStarted);
        if (remaining <= TimeSpan.Zero)
        {
            throw new TimeoutException($"Redis operation {operation} exceeded {_timeout.TotalMilliseconds:0} ms.");
        }

        var callStarted = _timeProvider.GetTimestamp();
        var failed = true;
        Task<T>? task = null;
        try
        {
            task = call();
            var result = await task.WaitAsync(remaining, _timeProvider, cancellationToken).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException && task is { IsCompleted: false })
        {
            // StackExchange.Redis 1.x cannot cancel a sent command: it completes or fails later, and that late
            // failure must be observed rather than surface as an unobserved task exception.
            _ = task.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            throw;
        }
        finally
        {
            _metrics.RedisCall(operation, _timeProvider.GetElapsedTime(callStarted), failed);
        }
    }
}
