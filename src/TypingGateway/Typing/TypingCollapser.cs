using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.Typing;

/// <summary>
/// Applies one profile's collapse rules to the frames of one guest connection or request
/// (design.md §3): decides what to forward and hands bursts that may need a synthesized stop to
/// an <see cref="ITypingStopSink"/>. All cross-instance state is in the <see cref="ITypingStateStore"/>.
/// </summary>
internal sealed partial class TypingCollapser
{
    private readonly TypingProfile _profile;
    private readonly TypingContext _context;
    private readonly TypingTab _tab;
    private readonly ITypingStateStore _store;
    private readonly ITypingStopSink? _stops;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly RouteMode _route;

    // The keys this connection has shown (usually one): each is watched for stops owed to it, and left on close.
    private readonly HashSet<TypingKey> _keys = [];
    private readonly bool _tracksConnection;
    private bool _tooManyKeysLogged;

    // tab: the guest connection this collapser serves; TypingTab.None for an HTTP request. Tracked only for profiles
    // with a stop: the upstream must not see a stop while another tab of the guest is typing. route: whose id and mode tag
    // the measurements (the collapser decides the same in shadow; its caller forwards everything then).
    public TypingCollapser(
        TypingProfile profile, TypingContext context, TypingTab tab, ITypingStateStore store, ITypingStopSink? stops, GatewayMetrics metrics, ILogger logger, RouteMode? route = null)
    {
        _route = route ?? RouteMode.None;
        _profile = profile;
        _context = context;
        _tab = profile.StopMode == TypingStopMode.None ? TypingTab.None : tab;
        _tracksConnection = tab.IsTracked;
        _store = store;
        _stops = stops;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Typing starts and stops forwarded so far (unkeyed and fail-open ones included), for the request's span.</summary>
    public int Forwarded { get; private set; }

    /// <summary>Typing starts and stops suppressed so far.</summary>
    public int Suppressed { get; private set; }

    /// <summary>
    /// True to forward the guest's frame (or request) unchanged, false to drop it. Fails open: if
    /// anything goes wrong the frame is forwarded, so a fault can cost collapsing but never a message.
    /// </summary>
    public ValueTask<bool> ShouldForwardAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken) =>
        ShouldForwardAsync(utf8Json, Recognize(utf8Json), cancellationToken);

    /// <summary>
    /// What the profile's recogniser makes of a frame (for callers that act on it before collapsing). Fails open:
    /// a recogniser that throws on input it did not foresee makes the frame not recognised, forwarded untouched.
    /// A connection showing more than <see cref="TypingDefaults.MaxKeysPerConnection"/> guests gets its typing of
    /// further guests forwarded uncollapsed, so one socket cannot create shared state without bound.
    /// </summary>
    public TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json)
    {
        TypingSignal signal;
        try
        {
            signal = _profile.Recognizer.Recognize(utf8Json, _context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecognizeFailed(_logger, _profile.Name, ex);
            return TypingSignal.Other;
        }

        if (signal.Key is { } key && _tracksConnection && _keys.Count >= TypingDefaults.MaxKeysPerConnection && !_keys.Contains(key))
        {
            if (!_tooManyKeysLogged)
            {
                _tooManyKeysLogged = true;
                Log.TooManyKeys(_logger, _profile.Name, TypingDefaults.MaxKeysPerConnection);
            }

            return signal with { Key = null };
        }

        return signal;
    }

    /// <summary>As <see cref="ShouldForwardAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, for a frame already recognised.</summary>
    public async ValueTask<bool> ShouldForwardAsync(ReadOnlyMemory<byte> utf8Json, TypingSignal signal, CancellationToken cancellationToken)
    {
        bool forward;
        try
        {
            forward = await DecideAsync(utf8Json, signal, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DecisionFailed(_logger, _profile.Name, ex);
            forward = true;
        }

        // Frames of one connection are decided one at a time (the guest's read loop), so no interlocking.
        if (signal.Kind is TypingSignalKind.Start or TypingSignalKind.Stop)
        {
            if (forward)
            {
                Forwarded++;
            }
            else
            {
                Suppressed++;
            }
        }

        return forward;
    }

    /// <summary>
    /// The connection closed: each key it was typing for leaves the guest's typing set. When that ends a burst that
    /// owes a stop, another connection of the guest (on any instance) is told to send it.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        foreach (var key in _keys)
        {
            _metrics.GuestLeft(key);
        }

        if (!_tab.IsTracked)
        {
            return;
        }

        foreach (var key in _keys)
        {
            try
            {
                if (await _store.LeaveAsync(key, _tab, _profile.Timings, cancellationToken).ConfigureAwait(false))
                {
                    _stops?.Owed(key, _profile.Timings);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.LeaveFailed(_logger, _profile.Name, ex);
            }
        }
    }

    private async ValueTask<bool> DecideAsync(ReadOnlyMemory<byte> utf8Json, TypingSignal signal, CancellationToken cancellationToken)
    {
        if (signal.Key is { } seen && _tracksConnection && _keys.Add(seen))
        {
            _metrics.GuestJoined(seen);
            if (signal.Kind != TypingSignalKind.Start)
            {
                // First frame of this guest on this connection: a burst typed elsewhere (another tab, or a connection
                // on an instance that died) may still owe a stop, which this connection can deliver. (A start needs no
                // check: it begins or joins a burst, arms its own countdown, and a new burst clears an owed stop.)
                _stops?.Watch(seen, _profile.Timings);
            }
        }

        switch (signal.Kind)
        {
            case TypingSignalKind.Preview:
                var forwardPreview = _profile.Preview == PreviewMode.Forward;
                _metrics.TypingFrame(_route, _profile.Name, TypingSignalNames.Preview, forwardPreview ? TypingSignalNames.Forwarded : TypingSignalNames.Suppressed, _tracksConnection);
                return forwardPreview;

            case TypingSignalKind.Message when signal.Key is { } key:
                // Reset before the message is forwarded, and drop any stop not yet sent: the platform
                // clears typing on a message, and a stop must never arrive after it.
                _stops?.Disarm(key);
                _stops?.DropQueued();
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
        _metrics.TypingFrame(_route, _profile.Name, name, TypingSignalNames.Received);
        if (signal.Key is not { } key)
        {
            // Nothing identifies the guest: collapsing could merge strangers, so pass it through.
            _metrics.TypingFrame(_route, _profile.Name, name, TypingSignalNames.Unkeyed, _tracksConnection);
            return true;
        }

        TypingDecision decision;
        if (start)
        {
            // The burst keeps its first start, from which any instance can build the stop it may owe.
            var template = _profile.Timings.StopAfterIdle is null ? ReadOnlyMemory<byte>.Empty : utf8Json;
            decision = (await _store.StartAsync(key, _tab, _profile.Timings, template, cancellationToken).ConfigureAwait(false)).Decision;
            if (decision == TypingDecision.Forward)
            {
                // A new burst began after an idle check ended the last one: its queued stop is stale.
                _stops?.DropQueued();
            }

            _stops?.Arm(key, _profile.Timings, utf8Json);
        }
        else
        {
            decision = await _store.StopAsync(key, _tab, _profile.Timings, cancellationToken).ConfigureAwait(false);
            if (decision == TypingDecision.Forward || !_tab.IsTracked)
            {
                _stops?.Disarm(key);
            }
            else
            {
                // Another tab is still typing: its burst may yet need a stop from here (its instance may die).
                _stops?.Watch(key, _profile.Timings);
            }
        }

        var forward = decision == TypingDecision.Forward;
        _metrics.TypingFrame(_route, _profile.Name, name, forward ? TypingSignalNames.Forwarded : TypingSignalNames.Suppressed, _tracksConnection);
        return forward;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Typing profile {Profile}: a frame could not be read; forwarding it unchanged.")]
        public static partial void RecognizeFailed(ILogger logger, string profile, Exception exception);

        [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Typing profile {Profile}: a guest connection named more than {Max} guests; typing of further guests on it is forwarded uncollapsed.")]
        public static partial void TooManyKeys(ILogger logger, string profile, int max);

        [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Typing profile {Profile}: could not record that a guest connection closed; its tab counts as typing until the safety-net stop.")]
        public static partial void LeaveFailed(ILogger logger, string profile, Exception exception);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Typing profile {Profile}: could not decide on a guest frame; forwarding it unchanged.")]
        public static partial void DecisionFailed(ILogger logger, string profile, Exception exception);
    }
}
