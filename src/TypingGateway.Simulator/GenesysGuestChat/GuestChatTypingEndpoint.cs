using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// <c>POST /api/v2/webchat/guest/conversations/{conversationId}/members/{memberId}/typing</c>: the official client sends
/// no body (<c>Content-Length: 0</c>) and the guest JWT; 200 with a <c>WebChatTyping</c>, the SDK's documented return type.
/// A body is required, not just allowed: Genesys' own widget (Widgets 9.0, purecloud-v2-sockets transport) rejects a
/// typing response without data ("send typing indicator request returned no data"), so a 204 would break it.
/// </summary>
internal sealed class GuestChatTypingEndpoint(GuestChatAuthorizer authorizer, HttpRequestRecorder recorder, TimeProvider timeProvider)
{
    public async Task HandleAsync(HttpContext context, string conversationId, string memberId)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        if (await authorizer.AuthorizeAsync(context, conversationId, memberId, GuestChatKinds.Typing, body) is null)
        {
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Typing, RecordOutcomes.Accepted, conversationId, body);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GuestChatJson.ContentType;
        await context.Response.Body.WriteAsync(JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", Guid.NewGuid().ToString("D"));
            GuestChatJson.WriteConversationRef(w, conversationId);
            GuestChatJson.WriteSenderRef(w, memberId);
            GuestChatJson.WriteTimestamp(w, "timestamp", timeProvider.GetUtcNow());
            w.WriteEndObject();
        }), context.RequestAborted);
    }
}
