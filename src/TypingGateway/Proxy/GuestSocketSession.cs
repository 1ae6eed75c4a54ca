using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using TypingGateway.Typing;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.Proxy;

/// <summary>
/// Everything one guest WebSocket on a typing route owns, built in one place: its tab identity, collapser, stop
/// sink and guard, and (once YARP upgrades the connection) the frame filter that wraps the upgraded stream. The
/// session is the filter's inspector and the injector the stop sink and guard write through, so nothing is
/// wired in a second phase. YARP forwards the upgrade as usual and copies the filter.
/// </summary>
internal sealed partial class GuestSocketSession : IGuestFrameInspector, IUpstreamInjector, IGuestInjector, IDisposable
{
    // Shadow decisions not yet made, past which further frames go upstream undecided (a guest flooding a shadow route
    // cannot queue copies without bound).
    private const int MaxPendingShadowDecisions = 64;

    private readonly TypingCollapser _collapser;
    private readonly WebSocketStopSink _stops;
    private readonly FrameGuard? _guard;
    private readonly WebSocketFilterOptions _filterOptions;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly GuestSocketDrain? _drain;
    private WebSocketStreamFilter? _filter;
    private GuestSocketDrain.Registration _drainRegistration;
    private readonly TimeSpan _idleCloseAfter;
    private readonly RouteMode _route;
    private readonly ChatPlatform _platform;
    private readonly GatewayMetrics _metrics;

    // The guest whose start the collapser forwarded and the guard withheld, until one is admitted or the burst ends.
    private TypingKey? _withheldStart;

    // Shadow: frames go upstream at once and are decided afterwards, one after the other, on copies (the decisions of
    // enforcing, its shaping delays included, without holding the guest's stream). The last decision in the chain;
    // how many are waiting; whether one said Close (enforcing would have ended the connection: nothing more is decided).
    private Task _shadowTail = Task.CompletedTask;
    private int _shadowPending;
    private bool _shadowClosed;
    private bool _shadowBehindLogged;
    private readonly CancellationTokenSource _closing = new();
    private bool _opened;

    public GuestSocketSession(TypingProfile profile, HttpContext context, WebSocketGuardSettings? limits, GuestSocketServices services, RouteMode? route = null)
    {
        _route = route ?? RouteMode.None;
        _platform = profile.Platform;
        _metrics = services.Metrics;
        _filterOptions = services.FilterOptions.CurrentValue;
        _logger = services.Logger;
        _time = services.Time;
        _drain = services.Drain;
        var activityTimeout = context.Features.Get<Yarp.ReverseProxy.Model.IReverseProxyFeature>()?.Cluster.Config.HttpRequest?.ActivityTimeout;
        _idleCloseAfter = WebSocketFilterDefaults.IdleCloseAfter(activityTimeout ?? WebSocketFilterDefaults.YarpActivityTimeout);
        _stops = new WebSocketStopSink(profile, services.Store, services.Time, services.Metrics, services.Logger, this, services.StopDirectory, _route);
        _collapser = new TypingCollapser(
            profile, TypingContext.FromRequest(context.Request, headerNames: profile.Recognizer.HeaderNames), TypingTab.NewConnection(), services.Store, _stops, services.Metrics, services.Logger, _route);
        _guard = limits is null
            ? null
            : new FrameGuard(limits, services.RateLimits, services.Gcra, services.Time, services.Metrics, services.Logger, context, profile.Platform, this, _route);
    }

    /// <summary>The connection's collapser (benchmarks drive it directly).</summary>
    internal TypingCollapser Collapser => _collapser;

    /// <summary>Typing starts and stops forwarded so far, for the connection's span.</summary>
    public int Forwarded => _collapser.Forwarded;

    /// <summary>Typing starts and stops suppressed so far.</summary>
    public int Suppressed => _collapser.Suppressed;

    /// <summary>Puts the connection under the frame filter: YARP's upgrade then returns the filter as the guest stream.</summary>
    public void Install(HttpContext context, IHttpUpgradeFeature upgrade) =>
        context.Features.Set<IHttpUpgradeFeature>(new FilteringUpgradeFeature(context, upgrade, Open));

    /// <summary>The connection ended: its tab leaves the guest's typing set (a stop it leaves owed goes to another tab).</summary>
    /// <remarks>
    /// The stop sink goes first: the script that ends the burst also announces it, this instance hears its own
    /// announcement too, and a sink still registered would claim the owed stop for a connection that can no longer
    /// deliver it (the guest's other tab would never get it).
    /// </remarks>
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        _drainRegistration.Dispose();
        _stops.Dispose();
        if (_opened)
        {
            _metrics.GuestConnectionClosed(_route);
        }

        // Shadow decisions still waiting are for a connection that is gone: cut them short, then leave in order.
        await _closing.CancelAsync().ConfigureAwait(false);
        await _shadowTail.ConfigureAwait(false);
        await _collapser.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Constraints and rate limits first (messages, other frames), then collapsing, then the guard's limits on the typing
    /// collapsing forwards. A start the collapser forwarded but the guard withheld (typing yielding to messages, or over
    /// the typing limit) is owed: while the collapser suppresses this guest's further starts as repeats of it, each of
    /// them asks the guard again, and the first admitted goes in its place. On a route in shadow the frame goes upstream
    /// at once and the same decisions are made afterwards (<see cref="DecideInShadow"/>).
    /// </summary>
    public ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken)
    {
        if (_route.IsShadow)
        {
            DecideInShadow(utf8Payload);
            return new ValueTask<FrameVerdict>(FrameVerdict.Forward);
        }

        // Switched to enforce while shadow decisions still run: this frame is decided after them, as the stream's order is.
        return _shadowTail.IsCompleted ? DecideAsync(utf8Payload, observing: false, cancellationToken) : DecideAfterShadowAsync(utf8Payload, cancellationToken);
    }

    private async ValueTask<FrameVerdict> DecideAfterShadowAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken)
    {
        await _shadowTail.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await DecideAsync(utf8Payload, observing: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Shadow: the frame has gone upstream untouched; the decision enforcing would make is made on a copy, after the
    /// decisions before it, with its shaping delays (so the next frame is decided when enforcing would decide it, and
    /// shaping is not mistaken for rejection), counted and traced, and acted on in no way.
    /// </summary>
    private void DecideInShadow(ReadOnlyMemory<byte> utf8Payload)
    {
        if (_shadowClosed)
        {
            return;
        }

        if (Volatile.Read(ref _shadowPending) >= MaxPendingShadowDecisions)
        {
            if (!_shadowBehindLogged)
            {
                _shadowBehindLogged = true;
                Log.ShadowBehind(_logger, _route.RouteId, MaxPendingShadowDecisions);
            }

            return;
        }

        var copy = ArrayPool<byte>.Shared.Rent(utf8Payload.Length);
        utf8Payload.CopyTo(copy);
        Interlocked.Increment(ref _shadowPending);
        _shadowTail = DecideLaterAsync(_shadowTail, copy, utf8Payload.Length);
    }

    private async Task DecideLaterAsync(Task previous, byte[] copy, int length)
    {
        try
        {
            await previous.ConfigureAwait(false);
            if (!_shadowClosed && await DecideAsync(copy.AsMemory(0, length), observing: true, _closing.Token).ConfigureAwait(false) == FrameVerdict.Close)
            {
                _shadowClosed = true;
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The connection closed: its remaining decisions have no audience.
        }
        catch (Exception ex)
        {
            Log.ShadowDecisionFailed(_logger, _route.RouteId, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
            Interlocked.Decrement(ref _shadowPending);
        }
    }

    // observing: a shadow decision (the guard answers nothing); fixed for the whole decision, whatever the route switches to.
    private async ValueTask<FrameVerdict> DecideAsync(ReadOnlyMemory<byte> utf8Payload, bool observing, CancellationToken cancellationToken)
    {
        if (_guard is not null)
        {
            _guard.Observing = observing;
        }

        var signal = _collapser.Recognize(utf8Payload);
        if (_guard is null)
        {
            return await _collapser.ShouldForwardAsync(utf8Payload, signal, cancellationToken).ConfigureAwait(false) ? FrameVerdict.Forward : FrameVerdict.Drop;
        }

        if (await _guard.CheckAsync(signal, utf8Payload, cancellationToken).ConfigureAwait(false) is { } verdict)
        {
            return verdict;
        }

        var forward = await _collapser.ShouldForwardAsync(utf8Payload, signal, cancellationToken).ConfigureAwait(false);
        switch (signal.Kind)
        {
            case TypingSignalKind.Start when forward || IsWithheld(signal):
                var admitted = await _guard.CheckForwardedTypingAsync(signal, cancellationToken).ConfigureAwait(false);
                _withheldStart = admitted == FrameVerdict.Forward ? null : signal.Key;
                return admitted;
            case TypingSignalKind.Stop when forward:
                return await _guard.CheckForwardedTypingAsync(signal, cancellationToken).ConfigureAwait(false);
            case TypingSignalKind.Stop or TypingSignalKind.Message when IsWithheld(signal):
                _withheldStart = null; // the burst ended: what is owed is a new burst's start, which the collapser forwards
                break;
        }

        return forward ? FrameVerdict.Forward : FrameVerdict.Drop;
    }

    private bool IsWithheld(TypingSignal signal) => _withheldStart is { } key && signal.Key == key;

    // Shadow: a synthesized stop counts as sent (what enforcing would have done) but never reaches the upstream.
    public bool TryInjectToUpstream(ReadOnlyMemory<byte> utf8Text) => _route.IsShadow || _filter?.TryInjectToUpstream(utf8Text) == true;

    // The guard answers only decisions it enforces (FrameGuard.Observing); a message the reader discards (a socket opened
    // enforcing keeps its size limit) is always answered.
    public bool TryInjectToGuest(ReadOnlyMemory<byte> utf8Text) => _filter?.TryInjectToGuest(utf8Text) == true;

    public int CancelPendingInjections() => _filter?.CancelPendingInjections() ?? 0;

    public void Dispose()
    {
        _drainRegistration.Dispose();
        _stops.Dispose();
        _closing.Dispose();
    }

    private WebSocketStreamFilter Open(Stream upgraded)
    {
        // The size limit is the reader's, fixed for the connection: a socket opened in shadow has none (its messages all
        // go upstream, over-size ones uncounted); one opened enforcing keeps it if the route switches to shadow.
        var rejections = _platform.RejectionMarker.IsEmpty ? null : new PlatformRejectionDetector(_platform.RejectionMarker, () => _metrics.PlatformRejection(_route, "ws"));
        _filter = new WebSocketStreamFilter(upgraded, this, _filterOptions, _logger, _route.IsShadow ? null : _guard?.MessageSizeLimit, _time, rejections);

        // Before the cluster's activity timeout cuts both sides without a close frame, a Close 1001 ends the session.
        _filter.CloseWhenIdle(_idleCloseAfter);
        _opened = true;
        _metrics.GuestConnectionOpened(_route);
        if (_drain is not null)
        {
            _drainRegistration = _drain.Track(_filter); // a stop tells it "going away" at a message boundary
        }

        return _filter;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Route {Route} in shadow: {Max} decisions of one guest connection were waiting; its further frames go upstream undecided until they catch up.")]
        public static partial void ShadowBehind(ILogger logger, string route, int max);

        [LoggerMessage(EventId = 1308, Level = LogLevel.Error, Message = "Route {Route} in shadow: a decision failed (the frame had gone upstream untouched).")]
        public static partial void ShadowDecisionFailed(ILogger logger, string route, Exception exception);
    }
}
