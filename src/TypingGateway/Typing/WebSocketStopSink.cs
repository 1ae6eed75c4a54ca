using TypingGateway.Diagnostics;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// Synthesized stops of one guest WebSocket: built from the burst's first start (kept with the shared state, so
/// any connection of the guest can send it) or else this connection's last start, and inserted into the
/// connection's stream toward the upstream, between whole messages.
/// </summary>
internal sealed class WebSocketStopSink : ITypingStopSink, IDisposable
{
    private readonly TypingProfile _profile;
    private readonly IUpstreamInjector _injector;
    private readonly TypingStopDirectory _directory;
    private readonly IdleStopWatcher<byte[]> _watcher;
    private readonly HashSet<TypingKey> _registered = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public WebSocketStopSink(
        TypingProfile profile, ITypingStateStore store, TimeProvider time, GatewayMetrics metrics, ILogger logger, IUpstreamInjector injector, TypingStopDirectory directory, RouteMode? route = null)
    {
        _profile = profile;
        _injector = injector;
        _directory = directory;
        _watcher = new IdleStopWatcher<byte[]>(profile.Name, store, time, metrics, logger, DeliverAsync, route);
    }

    public void Arm(TypingKey key, TypingTimings timings, ReadOnlyMemory<byte> lastStart)
    {
        if (timings.StopAfterIdle is not null)
        {
            _watcher.Arm(key, timings, lastStart.ToArray());
            Register(key);
        }
    }

    public void Watch(TypingKey key, TypingTimings timings)
    {
        if (timings.StopAfterIdle is not null)
        {
            _watcher.Watch(key, timings, TimeSpan.Zero);
            Register(key);
        }
    }

    public void Owed(TypingKey key, TypingTimings timings) => _directory.Notify(key, except: this);

    public void Disarm(TypingKey key) => _watcher.Disarm(key);

    public void DropQueued() => _injector.CancelPendingInjections();

    /// <summary>Called by the directory: the burst of <paramref name="key"/> ended somewhere and may owe a stop.</summary>
    public void CheckNow(TypingKey key) => _watcher.Watch(key, _profile.Timings, TimeSpan.Zero);

    /// <summary>
    /// The connection is closing: it stops watching and leaves the directory, so it cannot claim a stop it could no
    /// longer deliver (its own burst's, when the notice of its leaving comes back to this instance). Call it before the
    /// connection's tab leaves the typing set; idempotent.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var key in _registered)
            {
                _directory.Unregister(key, this);
            }

            _registered.Clear();
        }

        _watcher.Dispose();
    }

    private void Register(TypingKey key)
    {
        lock (_lock)
        {
            if (!_disposed && _registered.Add(key))
            {
                _directory.Register(key, this);
            }
        }
    }

    private ValueTask<bool> DeliverAsync(TypingKey key, byte[]? lastStart, ReadOnlyMemory<byte> burstStart, CancellationToken cancellationToken)
    {
        var template = !burstStart.IsEmpty ? burstStart : lastStart ?? ReadOnlyMemory<byte>.Empty;
        var stop = template.IsEmpty ? null : _profile.Recognizer.BuildStop(template);
        return ValueTask.FromResult(stop is not null && _injector.TryInjectToUpstream(stop));
    }
}
