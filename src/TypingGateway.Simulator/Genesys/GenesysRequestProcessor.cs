using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using TypingGateway.Simulator.Recording;

namespace TypingGateway.Simulator.Genesys;

/// <summary>Answers guest requests as Genesys Web Messaging does. Each frame is recorded before it is answered.</summary>
internal sealed class GenesysRequestProcessor(
    GenesysSessionStore sessions,
    GenesysAgentScript agent,
    Recorder recorder,
    IOptions<SimulatorOptions> options,
    TimeProvider timeProvider)
{
    private readonly GenesysSimulatorOptions _options = options.Value.Genesys;

    public async Task ProcessAsync(GenesysInboundFrame frame, CancellationToken cancellationToken)
    {
        var request = frame.Request;
        switch (request.Action)
        {
            case null:
                await RespondAsync(frame, RecordOutcomes.Rejected(400), GenesysFrames.RequestFailed(null), cancellationToken);
                break;
            case GenesysFields.ConfigureSession or GenesysFields.ConfigureAuthenticatedSession when request.Token is not null:
                var newSession = sessions.Configure(request.Token, frame.Connection);
                await RespondAsync(frame, RecordOutcomes.Accepted, GenesysFrames.SessionResponse(newSession, request.TracingId), cancellationToken);
                break;
            case GenesysFields.Echo:
                await RespondAsync(frame, RecordOutcomes.Accepted, GenesysFrames.EchoResponse(request.Text, request.TracingId), cancellationToken);
                break;
            case GenesysFields.OnMessage:
                await OnMessageAsync(frame, cancellationToken);
                break;
            case GenesysFields.GetJwt:
                var exp = timeProvider.GetUtcNow().AddSeconds(GenesysDefaults.JwtLifetimeSeconds).ToUnixTimeSeconds();
                await RespondAsync(frame, RecordOutcomes.Accepted, GenesysFrames.JwtResponse(exp, request.TracingId), cancellationToken);
                break;
            case GenesysFields.CloseSession:
                await CloseSessionAsync(frame, cancellationToken);
                break;
            default:
                await RespondAsync(frame, RecordOutcomes.Rejected(400), GenesysFrames.RequestFailed(request.TracingId), cancellationToken);
                break;
        }
    }

    /// <summary>Answers a frame an armed fault replaces; returns false when the connection was dropped.</summary>
    public async Task<bool> ProcessFaultAsync(GenesysInboundFrame frame, FaultSpec fault, CancellationToken cancellationToken)
    {
        if (fault.Drop)
        {
            Record(frame, RecordOutcomes.FaultDrop);
            frame.Connection.Abort();
            return false;
        }

        var status = fault.Status!.Value;
        var response = status == 429
            ? GenesysFrames.TooManyRequests(fault.RetryAfterSeconds, frame.Request.TracingId)
            : GenesysFrames.UnexpectedError(frame.Request.TracingId);
        await RespondAsync(frame, RecordOutcomes.Fault(status), response, cancellationToken);
        return true;
    }

    public void Record(GenesysInboundFrame frame, string outcome) => recorder.Add(new RecordDraft
    {
        ConnectionId = frame.Connection.Id,
        Session = frame.Request.Token,
        Protocol = RecordProtocols.Genesys,
        Kind = frame.Request.Kind,
        Outcome = outcome,
        MessageType = frame.MessageType,
        Payload = frame.Payload,
    });

    private async Task OnMessageAsync(GenesysInboundFrame frame, CancellationToken cancellationToken)
    {
        var request = frame.Request;
        if (request.Token is null || !sessions.IsConfigured(request.Token))
        {
            await RespondAsync(frame, RecordOutcomes.Rejected(4007), GenesysFrames.SessionNotFound(request.TracingId), cancellationToken);
            return;
        }

        if (!request.IsTextMessage && request.MessageType != GenesysFields.TypeEvent)
        {
            await RespondAsync(frame, RecordOutcomes.Rejected(400), GenesysFrames.RequestFailed(request.TracingId), cancellationToken);
            return;
        }

        // Length is checked first: a too-long text is refused without spending the rate budget.
        var text = request.Text ?? "";
        if (request.IsTextMessage && text.Length > _options.MaxTextLength)
        {
            await RespondAsync(frame, RecordOutcomes.Rejected(4011), GenesysFrames.MessageTooLong(request.TracingId), cancellationToken);
            return;
        }

        if (!sessions.TryAcquireMessageSlot(request.Token))
        {
            var tooMany = GenesysFrames.TooManyRequests(_options.RetryAfterSeconds, request.TracingId);
            await RespondAsync(frame, RecordOutcomes.Rejected(429), tooMany, cancellationToken);
            return;
        }

        Record(frame, RecordOutcomes.Accepted);
        if (!request.IsTextMessage)
        {
            // Typing and presence events are accepted without any answer, as Genesys does.
            return;
        }

        var echo = GenesysFrames.InboundEcho(text, timeProvider.GetUtcNow());
        foreach (var connection in sessions.Connections(request.Token))
        {
            await connection.SendTextAsync(echo, cancellationToken);
        }

        agent.Start(request.Token);
    }

    private async Task CloseSessionAsync(GenesysInboundFrame frame, CancellationToken cancellationToken)
    {
        Record(frame, RecordOutcomes.Accepted);
        var token = frame.Request.Token;
        var connections = token is null ? [] : sessions.Connections(token);
        if (connections.Length == 0)
        {
            connections = [frame.Connection];
        }

        var closed = GenesysFrames.ConnectionClosed(GenesysFields.CloseSession);
        foreach (var connection in connections)
        {
            await connection.SendTextAsync(closed, cancellationToken);
            // CloseOutput, not Close: each socket's own receive loop reads the guest's close reply.
            await connection.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, GenesysFields.CloseSession, cancellationToken);
        }
    }

    private async Task RespondAsync(GenesysInboundFrame frame, string outcome, byte[] response, CancellationToken cancellationToken)
    {
        Record(frame, outcome);
        await frame.Connection.SendTextAsync(response, cancellationToken);
    }
}
