using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>Accepts WebSockets the same way on every endpoint.</summary>
internal static class WebSocketAcceptor
{
    public static Task<WebSocket> AcceptAsync(HttpContext context, string? subProtocol) =>
        context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = subProtocol,
            // No server pings: tests decide when the socket is active, and the gateway must not
            // mistake simulator keep-alives for upstream traffic. Client pings are still answered.
            KeepAliveInterval = TimeSpan.Zero,
        });

    public static bool IsConnectionLoss(Exception exception) =>
        exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException;
}
