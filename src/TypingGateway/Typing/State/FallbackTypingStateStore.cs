using TypingGateway.Diagnostics;
using TypingGateway.Redis;

namespace TypingGateway.Typing.State;

/// <summary>
/// Redis first, this process when Redis is unavailable (design.md §4: Redis is never on the critical path). Whether
/// Redis is available is <see cref="RedisOutagePolicy"/>'s decision: during an outage every call fails fast with
/// <see cref="RedisUnavailableException"/> and is answered by the in-memory store at once. No exception reaches the
/// caller except its own cancellation. Each outage is logged once, and its end once.
/// </summary>
/// <remarks>
/// Collapsing is per instance during an outage, so a guest on several instances may see one extra start
/// per instance. Bursts that began in memory are finished there after Redis is back: a stop or an idle check
/// consults both stores (a burst forwarded by either gets its stop), and a start that Redis answered drops the
/// key's in-memory state, since Redis owns the burst from then on.
/// </remarks>
internal sealed partial class FallbackTypingStateStore : ITypingStateStore
{
    private readonly ITypingStateStore _primary;
    private readonly InMemoryTypingStateStore _local;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<FallbackTypingStateStore> _logger;
    private readonly RedisOutageLatch _outage = new();

    public FallbackTypingStateStore(
        ITypingStateStore primary,
        InMemoryTypingStateStore local,
        GatewayMetrics metrics,
        ILogger<FallbackTypingStateStore> logger)
    {
        _primary = primary;
        _local = local;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>True while calls are answered from memory because Redis is unavailable.</summary>
    internal bool IsInOutage => _outage.IsInOutage;

    public async ValueTask<TypingStartResult> StartAsync(TypingKey key, TypingTab tab, TypingTimings timings, ReadOnlyMemory<byte> stopTemplate, CancellationToken cancellationToken)
    {
        var shared = await TryPrimaryAsync((store, k, t, c) => store.StartAsync(k, tab, t, stopTemplate, c), key, timings, cancellationToken).ConfigureAwait(false);
        if (shared is { } result)
        {
            _local.Forget(key); // Redis owns this burst now; a stale in-memory one must not synthesize a stop
            return result;
        }

        return await _local.StartAsync(key, tab, timings, stopTemplate, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TypingDecision> StopAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        // Always applied in memory too: a burst forwarded from memory during an outage still needs its stop.
        var local = await _local.StopAsync(key, tab, timings, cancellationToken).ConfigureAwait(false);
        var shared = await TryPrimaryAsync((store, k, t, c) => store.StopAsync(k, tab, t, c), key, timings, cancellationToken).ConfigureAwait(false);
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

    public async ValueTask<bool> LeaveAsync(TypingKey key, TypingTab tab, TypingTimings timings, CancellationToken cancellationToken)
    {
        var local = await _local.LeaveAsync(key, tab, timings, cancellationToken).ConfigureAwait(false);
        var shared = await TryPrimaryAsync((store, k, t, c) => store.LeaveAsync(k, tab, t, c), key, timings, cancellationToken).ConfigureAwait(false);
        return shared == true || local;
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
    /// Runs <paramref name="operation"/> on Redis; null when the caller must be answered from memory (counted as a
    /// fallback).
    /// </summary>
    private async ValueTask<T?> TryPrimaryAsync<T>(
        Func<ITypingStateStore, TypingKey, TypingTimings, CancellationToken, ValueTask<T>> operation,
        TypingKey key,
        TypingTimings timings,
        CancellationToken cancellationToken)
        where T : struct
    {
        try
        {
            var result = await operation(_primary, key, timings, cancellationToken).ConfigureAwait(false);
            if (_outage.Leave())
            {
                Log.RedisBack(_logger);
            }

            return result;
        }
        catch (RedisUnavailableException ex)
        {
            if (_outage.Enter())
            {
                Log.RedisUnreachable(_logger, ex);
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
            return IdleCheckResult.SynthesizeStop(shared.Synthesize && !shared.StopTemplate.IsEmpty ? shared.StopTemplate : local.StopTemplate);
        }

        return (shared.RecheckAfter, local.RecheckAfter) switch
        {
            ({ } a, { } b) => new IdleCheckResult(false, a < b ? a : b),
            ({ } a, null) => new IdleCheckResult(false, a),
            (null, { } b) => new IdleCheckResult(false, b),
            _ => IdleCheckResult.Nothing,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Redis unreachable for typing state; collapsing per instance.")]
        public static partial void RedisUnreachable(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Redis back; typing state shared again.")]
        public static partial void RedisBack(ILogger logger);
    }
}
