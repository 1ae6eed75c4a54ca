using Microsoft.AspNetCore.Http.Features;
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
    public static void Install(HttpContext context, IHttpUpgradeFeature upgrade, TypingCollapser collapser, WebSocketStopSink stops, WebSocketFilterOptions options, ILogger logger)
    {
        var feature = new FilteringUpgradeFeature(context, upgrade, stream =>
        {
            var filter = new WebSocketStreamFilter(stream, new CollapserInspector(collapser), options, logger);
            stops.Attach(new FilterInjector(filter));
            return filter;
        });
        context.Features.Set<IHttpUpgradeFeature>(feature);
    }

    private sealed class CollapserInspector(TypingCollapser collapser) : IGuestFrameInspector
    {
        public async ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken) =>
            await collapser.ShouldForwardAsync(utf8Payload, cancellationToken).ConfigureAwait(false) ? FrameVerdict.Forward : FrameVerdict.Drop;
    }

    private sealed class FilterInjector(WebSocketStreamFilter filter) : IUpstreamInjector
    {
        public bool TryInjectToUpstream(ReadOnlyMemory<byte> utf8Text) => filter.TryInjectToUpstream(utf8Text);

        public int CancelPendingInjections() => filter.CancelPendingInjections();
    }
}
