using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// Applies one profile's collapse rules to the frames of one guest connection (design.md §3):
/// decides what to forward, and synthesizes the stop after idle through the connection's
/// <see cref="IUpstreamInjector"/>. All cross-instance state is in the <see cref="ITypingStateStore"/>;
/// what is kept here is per connection: the last start (the template of a synthesized stop) and the idle timer.
/// </summary>
internal sealed partial class TypingCollapser : IDisposable
{
    private readonly TypingProfile _profile;
    private readonly TypingContext _context;
    private readonly ITypingStateStore _store;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<TypingKey, IdleWatch> _watches = [];
    private IUpstreamInjector? _injector;
    private bool _disposed;

    public TypingCollapser(TypingProfile profile, TypingContext context, ITypingStateStore store, GatewayMetrics metrics, TimeProvider time, ILogger logger)
    {
        _profile = profile;
        _context = context;
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Set once the connection is upgraded; synthesized stops go there.</summary>
    public void Attach(IUpstreamInjector injector) => _injector = injector;

    /// <summary>
    /// True to forward the guest's frame (or request) unchanged, false to drop it. Fails open: if
    /// anything goes wrong the frame is forwarded, so a fault can cost collapsing but never a message.
    /// </summary>
    public async ValueTask<bool> ShouldForwardAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        try
        {
            return await DecideAsync(utf8Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DecisionFailed(_logger, _profile.Name, ex);
            return true;
        }
    }

    private async ValueTask<bool> DecideAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        var signal = _profile.Recognizer.Recognize(utf8Json, _context);
        switch (signal.Kind)
        {
            case TypingSignalKind.Preview:
                var forwardPreview = _profile.Preview == PreviewMode.Forward;
                _metrics.TypingFrame(_profile.Name, TypingSignalNames.Preview, forwardPreview ? TypingSignalNames.Forwarded : TypingSignalNames.Suppressed);
                return forwardPreview;

            case TypingSignalKind.Message when signal.Key is { } key:
                // Reset before the message is forwarded, and drop any stop not yet sent: the platform
                // clears typing on a message, and a stop must never arrive after it.
                StopWatch(key);
                _injector?.CancelPendingInjections();
                await _store.MessageAsync(key, _profile.Timings, cancellationToken).ConfigureAwait(false);
                return true;

            case TypingSignalKind.Start or TypingSignalKind.Stop:
                return await OnTypingAsync(signal, utf8Json, cancellationToken).ConfigureAwait(false);

            default:
                return true;
        }
    }

    private async ValueTask<bool> OnTypingAsync(TypingSignal signal, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        var start = signal.Kind == TypingSignalKind.Start;
        var name = start ? TypingSignalNames.Start : TypingSignalNames.Stop;
        _metrics.TypingFrame(_profile.Name, name, TypingSignalNames.Received);
        if (signal.Key is not { } key)
        {
            // Nothing identifies the guest: collapsing could merge strangers, so pass it through.
            _metrics.TypingFrame(_profile.Name, name, TypingSignalNames.Unkeyed);
            return true;
        }

        TypingDecision decision;
        if (start)
        {
            decision = await _store.StartAsync(key, _profile.Timings, cancellationToken).ConfigureAwait(false);
            if (_profile.Timings.StopAfterIdle is { } idle)
            {
                Watch(key, utf8Json, idle);
            }
        }
        else
        {
            StopWatch(key);
            decision = await _store.StopAsync(key, _profile.Timings, cancellationToken).ConfigureAwait(false);
        }

        var forward = decision == TypingDecision.Forward;
        if (forward && start)
        {
            // A new burst began after an idle check ended the last one: its queued stop is stale.
            _injector?.CancelPendingInjections();
        }

        _metrics.TypingFrame(_profile.Name, name, forward ? TypingSignalNames.Forwarded : TypingSignalNames.Suppressed);
        return forward;
    }

    private void Watch(TypingKey key, ReadOnlyMemory<byte> lastStart, TimeSpan idle)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (!_watches.TryGetValue(key, out var watch))
            {
                watch = new IdleWatch(key);
                watch.Timer = _time.CreateTimer(static state => ((IdleWatch)state!).Owner!.OnIdleTimer((IdleWatch)state), watch, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                watch.Owner = this;
                _watches[key] = watch;
            }

            watch.LastStart = lastStart.ToArray();
            watch.Timer!.Change(idle, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopWatch(TypingKey key)
    {
        lock (_lock)
        {
            if (_watches.Remove(key, out var watch))
            {
                watch.Timer?.Dispose();
            }
        }
    }

    private void OnIdleTimer(IdleWatch watch) => _ = CheckIdleAsync(watch);

    private async Task CheckIdleAsync(IdleWatch watch)
    {
        try
        {
            var result = await _store.CheckIdleAsync(watch.Key, _profile.Timings, CancellationToken.None).ConfigureAwait(false);
            if (result.Synthesize)
            {
                byte[]? lastStart;
                lock (_lock)
                {
                    lastStart = _watches.Remove(watch.Key) ? watch.LastStart : null;
                    watch.Timer?.Dispose();
                }

                var stop = lastStart is null ? null : _profile.Recognizer.BuildStop(lastStart);
                if (stop is not null && _injector?.TryInjectToUpstream(stop) == true)
                {
                    _metrics.TypingFrame(_profile.Name, TypingSignalNames.Stop, TypingSignalNames.Synthesized);
                }
                else
                {
                    Log.StopNotDelivered(_logger, _profile.Name);
                }
            }
            else if (result.RecheckAfter is { } after)
            {
                lock (_lock)
                {
                    if (!_disposed && _watches.ContainsKey(watch.Key))
                    {
                        watch.Timer?.Change(after, Timeout.InfiniteTimeSpan);
                    }
                }
            }
            else
            {
                StopWatch(watch.Key);
            }
        }
        catch (Exception ex)
        {
            Log.IdleCheckFailed(_logger, _profile.Name, ex);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var watch in _watches.Values)
            {
                watch.Timer?.Dispose();
            }

            _watches.Clear();
        }
    }

    private sealed class IdleWatch(TypingKey key)
    {
        public TypingKey Key { get; } = key;

        public TypingCollapser? Owner { get; set; }

        public ITimer? Timer { get; set; }

        public byte[] LastStart { get; set; } = [];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Typing profile {Profile}: a synthesized stop could not be delivered (connection closing or no stop template).")]
        public static partial void StopNotDelivered(ILogger logger, string profile);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Typing profile {Profile}: could not decide on a guest frame; forwarding it unchanged.")]
        public static partial void DecisionFailed(ILogger logger, string profile, Exception exception);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Typing profile {Profile}: idle check failed.")]
        public static partial void IdleCheckFailed(ILogger logger, string profile, Exception exception);
    }
}
