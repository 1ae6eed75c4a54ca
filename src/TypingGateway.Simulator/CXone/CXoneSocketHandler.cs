using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TypingGateway.Simulator.Faults;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.CXone;

/// <summary>
/// The CXone chat WebSocket <c>GET /cxone?brandId=&amp;channelId=&amp;visitorId=</c> (or <c>&amp;customerId=</c>,
/// as the web SDK connects: its <c>visitorId</c> is empty unless the app sets one).
/// </summary>
internal sealed partial class CXoneSocketHandler(
    CXoneSessionStore sessions,
    ConnectionRegistry registry,
    FaultInjector faults,
    Recorder recorder,
    HttpRequestRecorder httpRecorder,
    IOptions<SimulatorOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<CXoneSocketHandler> logger)
{
    private readonly CXoneSimulatorOptions _options = options.Value.CXone;

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            httpRecorder.Record(context, RecordProtocols.CXone, "cxone.connect", RecordOutcomes.Rejected(400), null, []);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var session = SessionFromQuery(context.Request.Query);
        using var socket = await WebSocketAcceptor.AcceptAsync(context, subProtocol: null);
        using var connection = new SimulatorConnection(context, socket);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        registry.Add(connection);
        if (!string.IsNullOrEmpty(session))
        {
            sessions.Join(session, connection);
        }

        try
        {
            await ReceiveLoopAsync(connection, string.IsNullOrEmpty(session) ? null : session, stopping.Token);
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

    private async Task ReceiveLoopAsync(SimulatorConnection connection, string? session, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var message = await WebSocketMessageReader.ReadAsync(connection.Socket, buffer, cancellationToken);
            if (message.Type == WebSocketMessageType.Close)
            {
                Record(connection, session, CXoneFields.KindClose, RecordOutcomes.Accepted, RecordMessageTypes.Close, PayloadSummary.Empty, message);
                await connection.CloseOutputAsync(message.CloseStatus ?? WebSocketCloseStatus.NormalClosure, message.CloseDescription, cancellationToken);
                return;
            }

            if (message.TooBig)
            {
                await connection.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken);
                return;
            }

            var isText = message.Type == WebSocketMessageType.Text;
            var request = isText ? CXoneRequest.Parse(message.Payload) : CXoneRequest.Invalid;
            if (session is null && request.VisitorId is not null)
            {
                // Without visitorId or customerId on the URL, the first frame naming a visitor decides the session.
                session = request.VisitorId;
                sessions.Join(session, connection);
            }

            var payload = PayloadSummary.FromBytes(message.Payload.Span, isText ? PayloadEncoding.Text : PayloadEncoding.Binary);
            var messageType = isText ? RecordMessageTypes.Text : RecordMessageTypes.Binary;
            var fault = await faults.ApplyAsync(FaultSpec.WsScope, cancellationToken);
            if (fault is { Drop: true })
            {
                Record(connection, session, request.Kind, RecordOutcomes.FaultDrop, messageType, payload, null);
                connection.Abort();
                return;
            }

            if (fault?.Status is int status)
            {
                Record(connection, session, request.Kind, RecordOutcomes.Fault(status), messageType, payload, null);
                var code = status == StatusCodes.Status429TooManyRequests ? CXoneFields.ErrorTooManyRequests : CXoneFields.ErrorInternalServerError;
                await connection.SendTextAsync(CXoneFrames.Error(request.EventId, code), cancellationToken);
                continue;
            }

            await ProcessAsync(connection, session, request, messageType, payload, cancellationToken);
        }
    }

    private async Task ProcessAsync(
        SimulatorConnection connection,
        string? session,
        CXoneRequest request,
        string messageType,
        PayloadSummary payload,
        CancellationToken cancellationToken)
    {
        if (request.Action is null)
        {
            Record(connection, session, request.Kind, RecordOutcomes.Rejected(400), messageType, payload, null);
            await connection.SendTextAsync(CXoneFrames.Error(request.EventId, CXoneFields.ErrorInvalidRequest), cancellationToken);
            return;
        }

        if (session is not null && request.ThreadIdOnExternalPlatform is { Length: > 0 } threadId)
        {
            sessions.SeeThread(session, threadId);
        }

        Record(connection, session, request.Kind, RecordOutcomes.Accepted, messageType, payload, null);
        if (request.Action == CXoneFields.ActionHeartbeat)
        {
            await connection.SendTextAsync(CXoneFrames.Pong, cancellationToken);
        }
        else if (request is { Action: CXoneFields.ActionRegister, EventType: CXoneFields.EventAuthorizeCustomer })
        {
            var authorized = CXoneFrames.ConsumerAuthorized(request.EventId, request.ConsumerIdOnExternalPlatform, _options.AccessTokenExpiresInSeconds);
            await connection.SendTextAsync(authorized, cancellationToken);
        }
        else if (request is { Action: CXoneFields.ActionChatWindowEvent, EventType: CXoneFields.EventReconnectConsumer })
        {
            await connection.SendTextAsync(CXoneFrames.ConsumerReconnected(request.EventId), cancellationToken);
        }
        else if (request is { Action: CXoneFields.ActionChatWindowEvent, EventType: CXoneFields.EventSendMessage })
        {
            var caseId = sessions.CaseIdFor(request.ThreadIdOnExternalPlatform ?? "");
            var created = CXoneFrames.MessageCreated(request, caseId, timeProvider.GetUtcNow());
            var targets = session is null ? [connection] : sessions.Connections(session);
            foreach (var target in targets)
            {
                await target.SendTextAsync(created, cancellationToken);
            }
        }

        // Typing, previews, seen receipts and every other event are accepted without an answer.
    }

    private static string? SessionFromQuery(IQueryCollection query)
    {
        var visitorId = query[CXoneFields.VisitorIdQuery].FirstOrDefault();
        return string.IsNullOrEmpty(visitorId) ? query[CXoneFields.CustomerIdQuery].FirstOrDefault() : visitorId;
    }

    private void Record(
        SimulatorConnection connection,
        string? session,
        string kind,
        string outcome,
        string messageType,
        PayloadSummary payload,
        ReceivedMessage? close) => recorder.Add(new RecordDraft
        {
            ConnectionId = connection.Id,
            Session = session,
            Protocol = RecordProtocols.CXone,
            Kind = kind,
            Outcome = outcome,
            MessageType = messageType,
            Payload = payload,
            CloseStatus = (int?)close?.CloseStatus,
            CloseDescription = close?.CloseDescription,
        });

    private static partial class Log
    {
        [LoggerMessage(EventId = 9301, Level = LogLevel.Debug, Message = "CXone connection {ConnectionId} ended without a close handshake")]
        public static partial void ConnectionLost(ILogger logger, string connectionId);
    }
}
