using TypingGateway.Diagnostics;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// The idle countdowns of synthesized stops (design.md §3 "idle timer"). Each armed key gets a
/// timer for StopAfterIdle after its last local keystroke; when it fires the shared store decides
/// (atomically, so exactly one instance wins) whether the burst is over, and the winner delivers
/// the stop. A key still typing elsewhere is checked again when its shared idle time is due.
/// </summary>
/// <typeparam name="TState">What delivery needs (a frame template, a captured request).</typeparam>
internal sealed partial class IdleStopWatcher<TState> : IDisposable
    where TState : class
{
    private readonly string _profile;
    private readonly RouteMode _route;
    private readonly Func<TState, RouteMode?>? _routeOf;
    private readonly ITypingStateStore _store;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Func<TypingKey, TState?, ReadOnlyMemory<byte>, CancellationToken, ValueTask<bool>> _deliver;
    private readonly Lock _lock = new();
    private readonly Dictionary<TypingKey, Countdown> _watches = [];
    private readonly CancellationTokenSource _disposed = new();

    public IdleStopWatcher(
        string profile,
        ITypingStateStore store,
        TimeProvider time,
        GatewayMetrics metrics,
        ILogger logger,
        Func<TypingKey, TState?, ReadOnlyMemory<byte>, CancellationToken, ValueTask<bool>> deliver,
        RouteMode? route = null,
        Func<TState, RouteMode?>? routeOf = null)
    {
        _route = route ?? RouteMode.None;
        _routeOf = routeOf;
        _profile = profile;
        _store = store;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _deliver = deliver;
    }

    /// <summary>Keys with a running countdown.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>The guest typed here: (re)starts the countdown of <paramref name="key"/> with <paramref name="state"/> as its template.</summary>
    public void Arm(TypingKey key, TypingTimings timings, TState state) =>
        Schedule(key, timings, timings.StopAfterIdle ?? Timeout.InfiniteTimeSpan, state);

    /// <summary>
    /// Checks <paramref name="key"/> after <paramref name="after"/> (zero: now) without changing its template; starts
    /// watching a key this connection has not typed for (a burst of another tab or instance may owe it a stop).
    /// </summary>
    public void Watch(TypingKey key, TypingTimings timings, TimeSpan after) => Schedule(key, timings, after, state: null);

    private void Schedule(TypingKey key, TypingTimings timings, TimeSpan after, TState? state)
    {
        if (timings.StopAfterIdle is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            if (!_watches.TryGetValue(key, out var watch))
            {
                watch = new Countdown(this, key);
                watch.Timer = _time.CreateTimer(static s => ((Countdown)s!).Fire(), watch, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _watches[key] = watch;
            }

            watch.Timings = timings;
            watch.State = state ?? watch.State;
            watch.Timer!.Change(after, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Restarts the countdown of a key already watched (a keystroke without a new template); false when it is not watched.</summary>
    public bool Rearm(TypingKey key, TypingTimings timings)
    {
        lock (_lock)
        {
            if (timings.StopAfterIdle is not { } idle || !_watches.TryGetValue(key, out var watch))
            {
                return false;
            }

            watch.Timings = timings;
            watch.Timer!.Change(idle, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    public void Disarm(TypingKey key)
    {
        lock (_lock)
        {
            if (_watches.Remove(key, out var watch))
            {
                watch.Timer?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed.Cancel();
            foreach (var watch in _watches.Values)
            {
                watch.Timer?.Dispose();
            }

            _watches.Clear();
        }

        _disposed.Dispose();
    }

    private async Task CheckAsync(Countdown watch)
    {
        try
        {
            var token = _disposed.Token;
            var result = await _store.CheckIdleAsync(watch.Key, watch.Timings, token).ConfigureAwait(false);
            if (result.Synthesize)
            {
                lock (_lock)
                {
                    if (_watches.TryGetValue(watch.Key, out var current) && current == watch)
                    {
                        _watches.Remove(watch.Key);
                    }

                    watch.Timer?.Dispose();
                }

                // This caller won the burst's one stop: deliver it even if the watch was re-armed meanwhile.
                // The route measured: the watcher's (a connection's), or the one the watch's state came through.
                var route = watch.State is { } state && _routeOf?.Invoke(state) is { } stateRoute ? stateRoute : _route;
                if (await _deliver(watch.Key, watch.State, result.StopTemplate, token).ConfigureAwait(false))
                {
                    _metrics.TypingFrame(route, _profile, TypingSignalNames.Stop, TypingSignalNames.Synthesized);
                    _metrics.SafetyNetStop(route, _profile);
                }
                else
                {
                    _metrics.TypingFrame(route, _profile, TypingSignalNames.Stop, TypingSignalNames.Undelivered);
                    Log.StopNotDelivered(_logger, _profile);
                }
            }
            else if (result.RecheckAfter is { } after)
            {
                lock (_lock)
                {
                    if (_watches.TryGetValue(watch.Key, out var current) && current == watch)
                    {
                        watch.Timer?.Change(after, Timeout.InfiniteTimeSpan);
                    }
                }
            }
            else
            {
                Disarm(watch.Key);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The connection (or the host) is gone; so is the burst's audience.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while the check was in flight.
        }
        catch (Exception ex)
        {
            Log.IdleCheckFailed(_logger, _profile, ex);
        }
    }

    private sealed class Countdown(IdleStopWatcher<TState> owner, TypingKey key)
    {
        public TypingKey Key { get; } = key;

        public TypingTimings Timings { get; set; }

        public TState? State { get; set; }

        public ITimer? Timer { get; set; }

        public void Fire() => _ = owner.CheckAsync(this);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Typing profile {Profile}: a synthesized stop could not be delivered (connection closing, no stop template, or the upstream kept failing until the stop went stale).")]
        public static partial void StopNotDelivered(ILogger logger, string profile);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Typing profile {Profile}: idle check failed.")]
        public static partial void IdleCheckFailed(ILogger logger, string profile, Exception exception);
    }
}
