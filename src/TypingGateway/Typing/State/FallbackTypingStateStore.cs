using TypingGateway.Diagnostics;

namespace TypingGateway.Typing.State;

/// <summary>
/// Redis first, this process when Redis fails (design.md §4: Redis is never on the critical path). A failed
/// or timed-out call is answered by the in-memory store at once; for <see cref="TypingStateDefaults.RedisRetryBackoff"/>
/// every call goes to memory directly, then one call tries Redis again while the others stay in memory.
/// No exception reaches the caller except its own cancellation, and no call waits longer than the Redis
/// store's operation timeout. Each outage is logged once, and its end once.
/// </summary>
/// <remarks>
/// Collapsing is per instance during an outage, so a guest on several instances may see one extra start
/// per instance. Bursts that began in memory are finished there after Redis is back: a stop or an idle check
/// consults both stores (a burst forwarded by either gets its stop), and a start that Redis answered drops the
/// key's in-memory state, since Redis owns the burst from then on.
/// </remarks>
internal sealed partial class FallbackTypingStateStore : IWindowedTypingStateStore
{
    private const int Healthy = 0;
    private const int Outage = 1;
    private const int Probing = 2;

    private readonly IWindowedTypingStateStore _primary;
    private readonly InMemoryTypingStateStore _local;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FallbackTypingStateStore> _logger;
    private int _mode = Healthy;
    private long _retryAt;

    public FallbackTypingStateStore(
        IWindowedTypingStateStore primary,
        InMemoryTypingStateStore local,
        GatewayMetrics metrics,
        TimeProvider timeProvider,
        ILogger<FallbackTypingStateStore> logger)
    {
        _primary = primary;
        _local = local;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True while calls are answered from memory because Redis failed.</summary>
    internal bool IsInOutage => Volatile.Read(ref _mode) != Healthy;

    public async ValueTask<TypingDecision> StartAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken) =>
        (await StartWithWindowAsync(key, timings, cancellationToken).ConfigureAwait(false)).Decision;

    public async ValueTask<TypingStartResult> StartWithWindowAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        var shared = await TryPrimaryAsync(static (store, k, t, c) => store.StartWithWindowAsync(k, t, c), key, timings, cancellationToken).ConfigureAwait(false);
        if (shared is { } result)
        {
            _local.Forget(key); // Redis owns this burst now; a stale in-memory one must not synthesize a stop
            return result;
        }

        return await _local.StartWithWindowAsync(key, timings, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        // Always applied in memory too: a burst forwarded from memory during an outage still needs its stop.
        var local = await _local.StopAsync(key, timings, cancellationToken).ConfigureAwait(false);
        var shared = await TryPrimaryAsync(static (store, k, t, c) => store.StopAsync(k, t, c), key, timings, cancellationToken).ConfigureAwait(false);
        return shared == TypingDecision.Forward ? TypingDecision.Forward : local;
    }

    public async ValueTask MessageAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        await _local.MessageAsync(key, timings, cancellationToken).ConfigureAwait(false);
        await TryPrimaryAsync(
            static async (store, k, t, c) =>
            {
                await store.MessageAsync(k, t, c).ConfigureAwait(false);
                return true;
            },
            key,
            timings,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IdleCheckResult> CheckIdleAsync(TypingKey key, TypingTimings timings, CancellationToken cancellationToken)
    {
        var local = await _local.CheckIdleAsync(key, timings, cancellationToken).ConfigureAwait(false);
        var shared = await TryPrimaryAsync(static (store, k, t, c) => store.CheckIdleAsync(k, t, c), key, timings, cancellationToken).ConfigureAwait(false);
        if (shared is { } result)
        {
            return Combine(result, local);
        }

        // A burst this process never saw may live in Redis: keep the caller's idle timer alive so that burst
        // still gets its stop once Redis answers again. A burst memory knows is finished by memory.
        return local == IdleCheckResult.Nothing && timings.StopAfterIdle is not null && !_local.Contains(key)
            ? new IdleCheckResult(false, TypingStateDefaults.RedisRetryBackoff)
            : local;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on Redis unless an outage says not to; null when the caller must be
    /// answered from memory (counted as a fallback).
    /// </summary>
    private async ValueTask<T?> TryPrimaryAsync<T>(
        Func<IWindowedTypingStateStore, TypingKey, TypingTimings, CancellationToken, ValueTask<T>> operation,
        TypingKey key,
        TypingTimings timings,
        CancellationToken cancellationToken)
        where T : struct
    {
        if (TryEnterPrimary(out var probe))
        {
            try
            {
                var result = await operation(_primary, key, timings, cancellationToken).ConfigureAwait(false);
                if (probe)
                {
                    Volatile.Write(ref _mode, Healthy);
                    Log.RedisBack(_logger);
                }

                return result;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Failed(probe, ex);
            }
            catch when (probe)
            {
                // The caller gave up: no verdict on Redis, let the next call probe.
                Volatile.Write(ref _mode, Outage);
                throw;
            }
        }

        _metrics.RedisFallback(TypingStateDefaults.FallbackFeature);
        return null;
    }

    // One stop if either store ended a burst; otherwise the earlier recheck, so neither burst's stop is late.
    private static IdleCheckResult Combine(IdleCheckResult shared, IdleCheckResult local)
    {
        if (shared.Synthesize || local.Synthesize)
        {
            return new IdleCheckResult(true, null);
        }

        return (shared.RecheckAfter, local.RecheckAfter) switch
        {
            ({ } a, { } b) => new IdleCheckResult(false, a < b ? a : b),
            ({ } a, null) => new IdleCheckResult(false, a),
            (null, { } b) => new IdleCheckResult(false, b),
            _ => IdleCheckResult.Nothing,
        };
    }

    /// <summary>True when this call should try Redis; <paramref name="probe"/> when it is the one call testing recovery.</summary>
    private bool TryEnterPrimary(out bool probe)
    {
        probe = false;
        switch (Volatile.Read(ref _mode))
        {
            case Healthy:
                return true;
            case Outage when _timeProvider.GetTimestamp() >= Volatile.Read(ref _retryAt):
                probe = Interlocked.CompareExchange(ref _mode, Probing, Outage) == Outage;
                return probe;
            default:
                return false;
        }
    }

    private void Failed(bool probe, Exception exception)
    {
        Volatile.Write(ref _retryAt, _timeProvider.GetTimestamp() + BackoffTicks());
        if (probe)
        {
            Interlocked.Exchange(ref _mode, Outage);
        }
        else if (Interlocked.CompareExchange(ref _mode, Outage, Healthy) == Healthy)
        {
            Log.RedisUnreachable(_logger, exception);
        }
    }

    private long BackoffTicks() =>
        (long)(TypingStateDefaults.RedisRetryBackoff.TotalSeconds * _timeProvider.TimestampFrequency);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Redis unreachable for typing state; collapsing per instance.")]
        public static partial void RedisUnreachable(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Redis back; typing state shared again.")]
        public static partial void RedisBack(ILogger logger);
    }
}
