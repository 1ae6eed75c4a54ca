using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.Faults;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Genesys;

/// <summary>The guest WebSocket <c>GET /v1?deploymentId=</c>: one receive loop per connection.</summary>
internal sealed partial class GenesysSocketHandler(
    GenesysRequestProcessor processor,
    GenesysSessionStore sessions,
    ConnectionRegistry registry,
    FaultInjector faults,
    Recorder recorder,
    HttpRequestRecorder httpRecorder,
    IHostApplicationLifetime lifetime,
    ILogger<GenesysSocketHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (string.IsNullOrEmpty(context.Request.Query[GenesysFields.DeploymentIdQuery]) || !context.WebSockets.IsWebSocketRequest)
        {
            httpRecorder.Record(context, RecordProtocols.Genesys, "genesys.connect", RecordOutcomes.Rejected(400), null, []);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await WebSocketAcceptor.AcceptAsync(context, subProtocol: null);
        using var connection = new SimulatorConnection(context, socket);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        registry.Add(connection);
        try
        {
            await ReceiveLoopAsync(connection, stopping.Token);
        }
        catch (Exception ex) when (WebSocketAcceptor.IsConnectionLoss(ex))
        {
            Log.ConnectionLost(logger, connection.Id);
        }
        finally
        {
            registry.Remove(connection);
            sessions.Leave(connection);
        }
    }

    private async Task ReceiveLoopAsync(SimulatorConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var message = await WebSocketMessageReader.ReadAsync(connection.Socket, buffer, cancellationToken);
            if (message.Type == WebSocketMessageType.Close)
            {
                RecordClose(connection, message);
                await connection.CloseOutputAsync(message.CloseStatus ?? WebSocketCloseStatus.NormalClosure, message.CloseDescription, cancellationToken);
                return;
            }

            if (message.TooBig)
            {
                await connection.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken);
                return;
            }

            var isText = message.Type == WebSocketMessageType.Text;
            var frame = new GenesysInboundFrame(
                connection,
                isText ? GenesysRequest.Parse(message.Payload) : default,
                PayloadSummary.FromBytes(message.Payload.Span, isText ? PayloadEncoding.Text : PayloadEncoding.Binary),
                isText ? RecordMessageTypes.Text : RecordMessageTypes.Binary);

            var fault = await faults.ApplyAsync(FaultSpec.WsScope, cancellationToken);
            if (fault is null)
            {
                await processor.ProcessAsync(frame, cancellationToken);
            }
            else if (!await processor.ProcessFaultAsync(frame, fault, cancellationToken))
            {
                return;
            }
        }
    }

    private void RecordClose(SimulatorConnection connection, ReceivedMessage message) => recorder.Add(new RecordDraft
    {
        ConnectionId = connection.Id,
        Protocol = RecordProtocols.Genesys,
        Kind = GenesysFields.KindClose,
        Outcome = RecordOutcomes.Accepted,
        MessageType = RecordMessageTypes.Close,
        CloseStatus = (int?)message.CloseStatus,
        CloseDescription = message.CloseDescription,
    });

    private static partial class Log
    {
        [LoggerMessage(EventId = 9202, Level = LogLevel.Debug, Message = "Genesys connection {ConnectionId} ended without a close handshake")]
        public static partial void ConnectionLost(ILogger logger, string connectionId);
    }
}
