using System.Buffers;
using System.Net.WebSockets;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>Reads whole messages for the JSON protocols, which parse one message at a time.</summary>
internal static class WebSocketMessageReader
{
    /// <summary>Upper bound on a reassembled JSON message; bigger messages close with 1009.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>Reads the next message into <paramref name="buffer"/> (reset first).</summary>
    public static async ValueTask<ReceivedMessage> ReadAsync(WebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(ReadChunkBytes), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedMessage(WebSocketMessageType.Close, default, false, socket.CloseStatus, socket.CloseStatusDescription);
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                return new ReceivedMessage(result.MessageType, default, true, null, null);
            }

            if (result.EndOfMessage)
            {
                return new ReceivedMessage(result.MessageType, buffer.WrittenMemory, false, null, null);
            }
        }
    }
}
