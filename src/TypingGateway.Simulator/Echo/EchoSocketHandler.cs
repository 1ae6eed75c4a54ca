using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TypingGateway.Simulator.Faults;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Echo;

/// <summary>
/// <c>GET /ws/{**path}</c>: echoes every receive straight back with the same type and end-of-message
/// flag, so fragmentation and order survive; records each reassembled message.
/// </summary>
internal sealed partial class EchoSocketHandler(
    ConnectionRegistry registry,
    FaultInjector faults,
    Recorder recorder,
    HttpRequestRecorder httpRecorder,
    IHostApplicationLifetime lifetime,
    IOptions<SimulatorOptions> options,
    ILogger<EchoSocketHandler> logger)
{
    private readonly bool _record = options.Value.Recorder.RecordEcho;

    private const int BufferBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            httpRecorder.Record(context, RecordProtocols.EchoWebSocket, "ws.connect", RecordOutcomes.Rejected(400), null, []);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var offered = context.WebSockets.WebSocketRequestedProtocols;
        var settings = EchoSocketOptions.FromQuery(context);
        using var socket = await WebSocketAcceptor.AcceptAsync(context, offered.Count > 0 ? offered[0] : null);
        using var connection = new SimulatorConnection(context, socket);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        registry.Add(connection);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            await EchoLoopAsync(connection, settings, buffer, stopping.Token);
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

    private async Task EchoLoopAsync(SimulatorConnection connection, EchoSocketOptions settings, byte[] buffer, CancellationToken cancellationToken)
    {
        var socket = connection.Socket;
        var echoed = 0;
        BodyCapture? message = null;
        FaultSpec? fault = null;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(0, BufferBytes), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    RecordClose(connection, settings.Session, socket.CloseStatus, socket.CloseStatusDescription);
                    await connection.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription, cancellationToken);
                    return;
                }

                if (message is null)
                {
                    // Faults act per message, decided at its first fragment, so an echo is never cut in half.
                    message = new BodyCapture();
                    fault = await faults.ApplyAsync(FaultSpec.WsScope, cancellationToken);
                }

                message.Append(buffer.AsSpan(0, result.Count));
                if (fault is { Drop: true })
                {
                    Record(connection, settings.Session, result.MessageType, message, RecordOutcomes.FaultDrop);
                    connection.Abort();
                    return;
                }

                if (fault is null)
                {
                    // Record before the final fragment goes back, so a client that saw the echo sees the record.
                    if (result.EndOfMessage)
                    {
                        Record(connection, settings.Session, result.MessageType, message, RecordOutcomes.Accepted);
                    }

                    await connection.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (fault?.Status is int status)
                {
                    Record(connection, settings.Session, result.MessageType, message, RecordOutcomes.Fault(status));
                    await connection.SendTextAsync(ErrorFrame(status, fault.RetryAfterSeconds), cancellationToken);
                }
                else if (++echoed == settings.CloseAfter)
                {
                    // Keep receiving: the client's close reply ends the loop.
                    await connection.CloseOutputAsync(settings.CloseStatus, settings.CloseReason, cancellationToken);
                }

                message.Dispose();
                message = null;
                fault = null;
            }
        }
        finally
        {
            message?.Dispose();
        }
    }

    private static byte[] ErrorFrame(int status, int retryAfterSeconds) => JsonFrame.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("status", status);
        w.WriteNumber("retryAfter", retryAfterSeconds);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private void Record(SimulatorConnection connection, string session, WebSocketMessageType type, BodyCapture message, string outcome)
    {
        if (!_record)
        {
            return;
        }

        var isText = type == WebSocketMessageType.Text;
        recorder.Add(new RecordDraft
        {
            ConnectionId = connection.Id,
            Session = session,
            Protocol = RecordProtocols.EchoWebSocket,
            Kind = isText ? "ws.text" : "ws.binary",
            Outcome = outcome,
            MessageType = isText ? RecordMessageTypes.Text : RecordMessageTypes.Binary,
            Payload = message.Complete(isText ? PayloadEncoding.Text : PayloadEncoding.Binary),
        });
    }

    private void RecordClose(SimulatorConnection connection, string session, WebSocketCloseStatus? status, string? description)
    {
        if (_record)
        {
            recorder.Add(CloseDraft(connection, session, status, description));
        }
    }

    private static RecordDraft CloseDraft(SimulatorConnection connection, string session, WebSocketCloseStatus? status, string? description) => new()
    {
        ConnectionId = connection.Id,
        Session = session,
        Protocol = RecordProtocols.EchoWebSocket,
        Kind = "ws.close",
        Outcome = RecordOutcomes.Accepted,
        MessageType = RecordMessageTypes.Close,
        CloseStatus = (int?)status,
        CloseDescription = description,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 9401, Level = LogLevel.Debug, Message = "Echo connection {ConnectionId} ended without a close handshake")]
        public static partial void ConnectionLost(ILogger logger, string connectionId);
    }
}
