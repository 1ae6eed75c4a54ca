using TypingGateway.Diagnostics;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// Synthesized stops of one guest WebSocket: built from the guest's last start and inserted into
/// the connection's stream toward the upstream, between whole messages.
/// </summary>
internal sealed class WebSocketStopSink : ITypingStopSink, IDisposable
{
    private readonly TypingProfile _profile;
    private readonly IdleStopWatcher<byte[]> _watcher;
    private IUpstreamInjector? _injector;

    public WebSocketStopSink(TypingProfile profile, ITypingStateStore store, TimeProvider time, GatewayMetrics metrics, ILogger logger)
    {
        _profile = profile;
        _watcher = new IdleStopWatcher<byte[]>(profile.Name, store, time, metrics, logger, DeliverAsync);
    }

    /// <summary>Set once the connection is upgraded.</summary>
    public void Attach(IUpstreamInjector injector) => _injector = injector;

    public void Arm(TypingKey key, TypingTimings timings, ReadOnlyMemory<byte> lastStart)
    {
        if (timings.StopAfterIdle is not null)
        {
            _watcher.Arm(key, timings, lastStart.ToArray());
        }
    }

    public void Disarm(TypingKey key) => _watcher.Disarm(key);

    public void DropQueued() => _injector?.CancelPendingInjections();

    public void Dispose() => _watcher.Dispose();

    private ValueTask<bool> DeliverAsync(TypingKey key, byte[] lastStart, CancellationToken cancellationToken)
    {
        var stop = _profile.Recognizer.BuildStop(lastStart);
        return ValueTask.FromResult(stop is not null && _injector?.TryInjectToUpstream(stop) == true);
    }
}
