using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using TypingGateway.Diagnostics;
using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using TypingGateway.Typing;
using TypingGateway.Typing.Http;
using Microsoft.Extensions.Options;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;
using Yarp.ReverseProxy.Model;

namespace TypingGateway.Proxy;

/// <summary>
/// The step of YARP's proxy pipeline that applies a route's typing profile: for HTTP profiles it
/// answers suppressed typing requests itself (202, no upstream call); for WebSocket profiles it
/// wraps the upgraded guest stream so typing frames can be dropped and stops inserted. Routes
/// without a profile, and requests a profile does not apply to, go through untouched.
/// </summary>
internal sealed partial class TypingProxyStep
{
    /// <summary>Request bodies larger than this are forwarded without inspection.</summary>
    internal const int MaxInspectedBodyBytes = 64 * 1024;

    private readonly TypingProfileCatalog _catalog;
    private readonly ITypingStateStore _store;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly IOptionsMonitor<WebSocketFilterOptions> _filterOptions;
    private readonly HttpTypingStops _httpStops;
    private readonly RateLimitPolicyCatalog _rateLimits;
    private readonly IGcraStore _gcra;
    private readonly GatewayTracing _tracing;
    private readonly ILogger<TypingProxyStep> _logger;
    private readonly GuestSocketServices _sockets;
    private readonly RouteModes _modes;

    public TypingProxyStep(
        TypingProfileCatalog catalog,
        ITypingStateStore store,
        GatewayMetrics metrics,
        TimeProvider time,
        IOptionsMonitor<WebSocketFilterOptions> filterOptions,
        HttpTypingStops httpStops,
        RateLimitPolicyCatalog rateLimits,
        IGcraStore gcra,
        GatewayTracing tracing,
        TypingStopDirectory stopDirectory,
        GuestSocketDrain drain,
        RouteModes modes,
        ILogger<TypingProxyStep> logger)
    {
        _modes = modes;
        _sockets = new GuestSocketServices(store, stopDirectory, metrics, time, filterOptions, rateLimits, gcra, logger, drain);
        _tracing = tracing;
        _rateLimits = rateLimits;
        _gcra = gcra;
        _catalog = catalog;
        _filterOptions = filterOptions;
        _httpStops = httpStops;
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config;
        if (route?.Metadata?.TryGetValue(RouteMetadataKeys.TypingProfile, out var name) != true
            || !_catalog.TryGet(name!, out var profile))
        {
            return next(context);
        }

        var mode = _modes.For(route);
        if (profile.Transport == TypingTransport.WebSocket)
        {
            return context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade
                ? ProxyWebSocketAsync(context, upgrade, profile, route, mode, next)
                : next(context);
        }

        // A route that says what its requests are (TypingRequest) is inspected whatever the method; otherwise only
        // requests that carry a body can be typing.
        var requestSignal = ProxyConfigRules.RequestSignal(route.Metadata.GetValueOrDefault(RouteMetadataKeys.TypingRequest));
        return requestSignal is not null
            || HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method)
            ? ProxyHttpAsync(context, profile, requestSignal, mode, next)
            : next(context);
    }

    private async Task ProxyHttpAsync(HttpContext context, TypingProfile profile, TypingSignalKind? requestSignal, RouteMode mode, RequestDelegate next)
    {
        var request = context.Request;
        if (request.ContentLength > MaxInspectedBodyBytes)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        request.EnableBuffering(MaxInspectedBodyBytes);
        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        if (body is null)
        {
            await next(context).ConfigureAwait(false); // larger than announced: never inspect partially
            return;
        }

        var stops = profile.StopMode == TypingStopMode.SynthesizeAfterIdle ? new HttpRequestStopSink(_httpStops, profile, mode) : null;
        var collapser = new TypingCollapser(profile, TypingContext.FromRequest(request, requestSignal, profile.Recognizer.HeaderNames), TypingTab.None, _store, stops, _metrics, _logger, mode);
        var forward = await collapser.ShouldForwardAsync(body.Value, context.RequestAborted).ConfigureAwait(false);
        _tracing.TagTypingRequest(profile.Name, collapser.Forwarded, collapser.Suppressed, mode.Tag);
        if (forward || mode.IsShadow)
        {
            // Shadow: what enforcing would have collapsed is counted (and its countdown kept) but forwarded all the same.
            var capture = stops?.ArmedKey is null ? null : new TypingRequestCapture();
            if (capture is not null)
            {
                context.Items[TypingRequestCapture.ItemKey] = capture;
            }

            var typing = collapser.Forwarded + collapser.Suppressed > 0;
            var started = typing ? _time.GetTimestamp() : 0;
            await next(context).ConfigureAwait(false);
            if (typing)
            {
                var status = context.Response.StatusCode;
                _metrics.TypingUpstreamCall(mode, _time.GetElapsedTime(started), status is >= 200 and < 400 && context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is null);
            }

            stops?.Complete(forwarded: forward, context.Response.StatusCode, capture);
            return;
        }

        stops?.Complete(forwarded: false, StatusCodes.Status202Accepted, null);

        // Collapsed: the platform already shows typing; the platform says how its own success looks.
        await profile.Platform.WriteSuppressedAsync(context).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Sized by Content-Length when announced (a typing body is a few bytes): one byte more than allowed shows a body
        // larger than announced or than the limit.
        var buffer = new byte[(int)Math.Min(request.ContentLength ?? MaxInspectedBodyBytes, MaxInspectedBodyBytes) + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total == buffer.Length ? null : buffer.AsMemory(0, total);
    }

    private async Task ProxyWebSocketAsync(
        HttpContext context, IHttpUpgradeFeature upgrade, TypingProfile profile, Yarp.ReverseProxy.Configuration.RouteConfig route, RouteMode mode, RequestDelegate next)
    {
        // The filter reads frames as sent: compressed frames (permessage-deflate) could not be inspected.
        context.Request.Headers.Remove(HeaderNames.SecWebSocketExtensions);
        // Lives as long as the proxied WebSocket: YARP's next step returns when both copy loops end.
        using var session = new GuestSocketSession(profile, context, WebSocketGuardSettings.From(route), _sockets, mode);
        session.Install(context, upgrade);
        var span = _tracing.CurrentSpan;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // Not the request's token: it is cancelled when the guest goes, and leaving must still reach Redis.
            await session.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }

        GatewayTracing.TagTypingConnection(span, profile.Name, session.Forwarded, session.Suppressed, mode.Tag);
    }
}
