using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace TypingGateway.WebSockets;

/// <summary>
/// Replaces <see cref="IHttpUpgradeFeature"/> for one request so that the stream YARP copies after a
/// successful WebSocket upgrade is a <see cref="WebSocketStreamFilter"/>, the way YARP's own
/// WebSocketsTelemetry wraps the feature. YARP still does everything else: headers, transforms, the 101
/// exchange, the activity timeout, the copy loops.
/// </summary>
/// <remarks>
/// Only HTTP/1.1 upgrades go through this feature. A guest WebSocket over HTTP/2 (RFC 8441 extended
/// CONNECT) is accepted through <c>IHttpExtendedConnectFeature</c> instead and is not filtered.
/// </remarks>
internal sealed class FilteringUpgradeFeature(
    HttpContext context,
    IHttpUpgradeFeature inner,
    Func<Stream, WebSocketStreamFilter> createFilter) : IHttpUpgradeFeature
{
    private const string WebSocketProtocol = "websocket";

    private readonly TaskCompletionSource<WebSocketStreamFilter?> _upgraded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    /// <summary>The filter wrapping the upgraded stream; null before the upgrade, or when it was not to WebSocket.</summary>
    public WebSocketStreamFilter? Filter { get; private set; }

    /// <summary>
    /// Completes once the connection is upgraded: with the filter, or with null when the upgrade was to
    /// another protocol; faulted when the upgrade failed. Stays pending when the upstream refuses the
    /// upgrade (YARP then never calls <see cref="UpgradeAsync"/>): wait on it together with the proxy call.
    /// </summary>
    public Task<WebSocketStreamFilter?> Upgraded => _upgraded.Task;

    public async Task<Stream> UpgradeAsync()
    {
        Stream stream;
        try
        {
            stream = await inner.UpgradeAsync();
        }
        catch (Exception ex)
        {
            _upgraded.TrySetException(ex);
            throw;
        }

        // YARP copies the upstream's 101 headers before upgrading. Only a WebSocket carries RFC 6455
        // frames; any other upgraded protocol is passed on raw (as WebSocketsTelemetry does).
        if (!IsWebSocketUpgrade(context.Response.Headers))
        {
            _upgraded.TrySetResult(null);
            return stream;
        }

        WebSocketStreamFilter filter;
        try
        {
            filter = createFilter(stream);
        }
        catch (Exception ex)
        {
            // YARP never sees the stream, so nobody else would close the connection.
            await stream.DisposeAsync();
            _upgraded.TrySetException(ex);
            throw;
        }

        Filter = filter;
        _upgraded.TrySetResult(filter);
        return filter;
    }

    private static bool IsWebSocketUpgrade(IHeaderDictionary headers) =>
        headers.TryGetValue(HeaderNames.Upgrade, out var upgrade) &&
        upgrade.Count == 1 &&
        string.Equals(upgrade.ToString(), WebSocketProtocol, StringComparison.OrdinalIgnoreCase);
}
