using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// The <c>eventStreamUri</c> socket: accepts, records the connect, and stays open (pushing nothing) until the client
/// closes it, the simulator drops it, or the simulator stops. Guests attach it because Genesys routes a chat only once
/// its event stream is attached.
/// </summary>
internal sealed partial class GuestChatEventStreamHandler(
    GuestChatConversationStore conversations,
    ConnectionRegistry registry,
    HttpRequestRecorder recorder,
    IHostApplicationLifetime lifetime,
    ILogger<GuestChatEventStreamHandler> logger)
{
    private const int BufferBytes = 4 * 1024;

    public async Task HandleAsync(HttpContext context, string conversationId)
    {
        if (!context.WebSockets.IsWebSocketRequest || conversations.Find(conversationId) is null)
        {
            var status = context.WebSockets.IsWebSocketRequest ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.EventStream, RecordOutcomes.Rejected(status), conversationId, []);
            context.Response.StatusCode = status;
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.EventStream, RecordOutcomes.Accepted, conversationId, []);
        using var socket = await WebSocketAcceptor.AcceptAsync(context, subProtocol: null);
        using var connection = new SimulatorConnection(context, socket);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        registry.Add(connection);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(0, BufferBytes), stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await connection.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription, stopping.Token);
                    return;
                }
            }
        }
        catch (Exception ex) when (WebSocketAcceptor.IsConnectionLoss(ex))
        {
            Log.ConnectionLost(logger, connection.Id);
        }
        finally
        {
            registry.Remove(connection);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9501, Level = LogLevel.Debug, Message = "Genesys guest chat event stream {ConnectionId} ended without a close handshake")]
        public static partial void ConnectionLost(ILogger logger, string connectionId);
    }
}
