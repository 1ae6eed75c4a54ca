using System.Net.WebSockets;

namespace TypingGateway.IntegrationTests.Infrastructure;

public static class WebSocketTestExtensions
{
    private static readonly TimeSpan _defaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Sends a message in <paramref name="fragments"/> frames (1 = unfragmented).</summary>
    public static async Task SendMessageAsync(this WebSocket socket, WebSocketMessage message, int fragments = 1, CancellationToken cancellationToken = default)
    {
        var payload = message.Payload;
        var size = Math.Max(1, (payload.Length + fragments - 1) / Math.Max(1, fragments));
        var offset = 0;
        do
        {
            var count = Math.Min(size, payload.Length - offset);
            var last = offset + count >= payload.Length;
            await socket.SendAsync(payload.AsMemory(offset, count), message.Type, last, cancellationToken).ConfigureAwait(false);
            offset += count;
        }
        while (offset < payload.Length);
    }

    public static Task SendTextAsync(this WebSocket socket, string text, CancellationToken cancellationToken = default) =>
        socket.SendMessageAsync(WebSocketMessage.Text(text), 1, cancellationToken);

    /// <summary>Receives one complete message; a close frame yields null. Fails after <paramref name="timeout"/>.</summary>
    public static async Task<WebSocketMessage?> ReceiveMessageAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? _defaultTimeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk, cts.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new WebSocketMessage(result.MessageType, buffer.ToArray());
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(this WebSocket socket, TimeSpan? timeout = null) =>
        (await socket.ReceiveMessageAsync(timeout).ConfigureAwait(false))?.AsText()
            ?? throw new InvalidOperationException($"The socket closed ({socket.CloseStatus} {socket.CloseStatusDescription}) instead of sending a message.");
}
