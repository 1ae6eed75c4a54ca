using System.Net.WebSockets;
using System.Text;

namespace TypingGateway.Simulator.Tests.Infrastructure;

/// <summary>A real <see cref="ClientWebSocket"/> with bounded, message-level receive helpers.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private WsClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<WsClient> ConnectAsync(Uri baseAddress, string pathAndQuery, params string[] subProtocols)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in subProtocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        var uri = new UriBuilder(new Uri(baseAddress, pathAndQuery)) { Scheme = "ws" }.Uri;
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        await socket.ConnectAsync(uri, timeout.Token);
        return new WsClient(socket);
    }

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task<string> ReceiveTextAsync()
    {
        var (type, payload) = await ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(payload);
    }

    /// <summary>Receives one whole message (or the close frame, with an empty payload).</summary>
    public async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var result = await Socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, buffer.ToArray());
            }
        }
    }

    public async Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? description = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Receive);
        await Socket.CloseAsync(status, description, timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
