using Microsoft.AspNetCore.Http.Features;
using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using TypingGateway.Typing;
using TypingGateway.WebSockets;

namespace TypingGateway.Proxy;

/// <summary>
/// Puts a typing route's WebSocket under the frame filter: YARP forwards the upgrade as usual and
/// copies the upgraded stream, which is the filter; the collapser decides on each candidate frame
/// and sends synthesized stops through it.
/// </summary>
internal static class WebSocketTyping
{
    public static void Install(
        HttpContext context, IHttpUpgradeFeature upgrade, TypingCollapser collapser, WebSocketStopSink stops, FrameGuard? guard, WebSocketFilterOptions options, ILogger logger)
    {
        var feature = new FilteringUpgradeFeature(context, upgrade, stream =>
        {
            IGuestFrameInspector inspector = guard is null ? new CollapserInspector(collapser) : new GuardedInspector(collapser, guard);
            var filter = new WebSocketStreamFilter(stream, inspector, options, logger, guard?.MessageSizeLimit);
            var injector = new FilterInjector(filter);
            stops.Attach(injector);
            guard?.Attach(injector);
            return filter;
        });
        context.Features.Set<IHttpUpgradeFeature>(feature);
    }

    private sealed class CollapserInspector(TypingCollapser collapser) : IGuestFrameInspector
    {
        public async ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken) =>
            await collapser.ShouldForwardAsync(utf8Payload, cancellationToken).ConfigureAwait(false) ? FrameVerdict.Forward : FrameVerdict.Drop;
    }

    /// <summary>Constraints and rate limits first (messages, other frames), then collapsing, then the typing limit on what collapsing forwards.</summary>
    private sealed class GuardedInspector(TypingCollapser collapser, FrameGuard guard) : IGuestFrameInspector
    {
        public async ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken)
        {
            var signal = collapser.Recognize(utf8Payload);
            if (await guard.CheckAsync(signal, utf8Payload, cancellationToken).ConfigureAwait(false) is { } verdict)
            {
                return verdict;
            }

            if (!await collapser.ShouldForwardAsync(utf8Payload, signal, cancellationToken).ConfigureAwait(false))
            {
                return FrameVerdict.Drop;
            }

            return signal.Kind is TypingSignalKind.Start or TypingSignalKind.Stop
                ? await guard.CheckForwardedTypingAsync(signal, cancellationToken).ConfigureAwait(false)
                : FrameVerdict.Forward;
        }
    }

    private sealed class FilterInjector(WebSocketStreamFilter filter) : IUpstreamInjector, IGuestInjector
    {
        public bool TryInjectToGuest(ReadOnlyMemory<byte> utf8Text) => filter.TryInjectToGuest(utf8Text);

        public bool TryInjectToUpstream(ReadOnlyMemory<byte> utf8Text) => filter.TryInjectToUpstream(utf8Text);

        public int CancelPendingInjections() => filter.CancelPendingInjections();
    }
}
