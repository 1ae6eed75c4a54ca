using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TypingGateway.Simulator.CXone;
using TypingGateway.Simulator.Faults;
using TypingGateway.Simulator.Genesys;
using TypingGateway.Simulator.GenesysGuestChat;
using TypingGateway.Simulator.OAuth;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.Control;

/// <summary>The control API under <c>/_sim</c>: records, counts, reset, faults, drops, token settings, issued tokens and CXone agent messages.</summary>
internal static class ControlEndpoints
{
    public static void MapControlEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(ControlPaths.Prefix);

        group.MapGet(ControlPaths.Records, (
            Recorder recorder,
            [FromQuery(Name = ControlPaths.SessionQuery)] string? session,
            [FromQuery(Name = ControlPaths.KindQuery)] string? kind,
            [FromQuery(Name = ControlPaths.ProtocolQuery)] string? protocol,
            [FromQuery(Name = ControlPaths.AfterQuery)] long? after) => recorder.Query(session, kind, protocol, after));

        group.MapGet(ControlPaths.Counts, (
            Recorder recorder,
            [FromQuery(Name = ControlPaths.SessionQuery)] string? session,
            [FromQuery(Name = ControlPaths.KindQuery)] string? kind) => recorder.Count(session, kind));

        group.MapPost(ControlPaths.Reset, (Recorder recorder, FaultInjector faults, GenesysSessionStore genesys, CXoneSessionStore cxone, GuestChatConversationStore guestChats, TokenStore tokens) =>
        {
            recorder.Clear();
            faults.Clear();
            genesys.Reset();
            cxone.Reset();
            guestChats.Reset();
            tokens.Reset();
            return Results.NoContent();
        });

        group.MapPost(ControlPaths.Faults, (FaultSpec spec, FaultInjector faults) =>
        {
            if (FaultInjector.Validate(spec) is { } error)
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            faults.Add(spec);
            return Results.NoContent();
        });

        group.MapDelete(ControlPaths.Faults, (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        group.MapPost(ControlPaths.DropConnections, (ConnectionRegistry registry) => new DropConnectionsResponse(registry.AbortAll()));

        group.MapPost(ControlPaths.OAuthSettings, (OAuthSettingsRequest settings, TokenStore tokens) =>
        {
            if (settings.ExpiresInSeconds < 0)
            {
                return Results.Problem("expiresInSeconds must not be negative.", statusCode: StatusCodes.Status400BadRequest);
            }

            tokens.SetLifetime(settings.ExpiresInSeconds);
            return Results.NoContent();
        });

        group.MapPost(ControlPaths.OAuthRevoke, (TokenStore tokens) =>
        {
            tokens.RevokeAll();
            return Results.NoContent();
        });

        group.MapGet(ControlPaths.OAuthTokens, (TokenStore tokens) => new IssuedTokensResponse(tokens.IssuedTokens()));

        group.MapPost(ControlPaths.CXoneAgentMessages, async (CXoneAgentMessageRequest message, CXoneAgentMessages agent, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrEmpty(message.Session) || message.Text is null)
            {
                return Results.Problem("session and text are required.", statusCode: StatusCodes.Status400BadRequest);
            }

            var delivered = await agent.PushAsync(message.Session, message.ThreadId, message.Text, cancellationToken);
            return delivered is int count
                ? Results.Ok(new CXoneAgentMessageResponse(count))
                : Results.Problem("The guest named no thread yet; pass threadId.", statusCode: StatusCodes.Status404NotFound);
        });
    }
}
