using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary><c>GET /api/v2/webchat/guest/conversations/{conversationId}/members/{memberId}</c>: the guest JWT; 200 with the guest's <c>WebChatMemberInfo</c>.</summary>
internal sealed class GuestChatMemberEndpoint(GuestChatAuthorizer authorizer, HttpRequestRecorder recorder)
{
    public async Task HandleAsync(HttpContext context, string conversationId, string memberId)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        if (await authorizer.AuthorizeAsync(context, conversationId, memberId, GuestChatKinds.Member, body) is not { } conversation)
        {
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Member, RecordOutcomes.Accepted, conversationId, body);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GuestChatJson.ContentType;
        await context.Response.Body.WriteAsync(JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", conversation.MemberId);
            w.WriteString("displayName", conversation.DisplayName);
            w.WriteString("role", "CUSTOMER");
            GuestChatJson.WriteTimestamp(w, "joinDate", conversation.JoinDate);
            w.WriteBoolean("authenticatedGuest", false);
            w.WriteString("state", "CONNECTED");
            w.WriteEndObject();
        }), context.RequestAborted);
    }
}
