using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// <c>POST /api/v2/webchat/guest/conversations</c>: no authentication (the client sends none); body
/// <c>{"organizationId","deploymentId","memberInfo":{"displayName",…},…}</c>; 200 with
/// <c>{"id","jwt","eventStreamUri","member":{"id"}}</c>, or 400 ErrorBody.
/// </summary>
internal sealed class GuestChatCreateEndpoint(GuestChatConversationStore conversations, HttpRequestRecorder recorder)
{
    public async Task HandleAsync(HttpContext context)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        if (!TryReadRequest(body, out var organizationId, out var deploymentId, out var displayName))
        {
            recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Create, RecordOutcomes.Rejected(StatusCodes.Status400BadRequest), null, body);
            await GenesysErrorBody.WriteAsync(context, StatusCodes.Status400BadRequest, "organizationId, deploymentId and memberInfo are required.", "bad.request");
            return;
        }

        var conversation = conversations.Create(organizationId, deploymentId, displayName);
        recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Create, RecordOutcomes.Accepted, conversation.Id, body);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GuestChatJson.ContentType;
        await context.Response.Body.WriteAsync(JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", conversation.Id);
            w.WriteString("jwt", conversation.Jwt);
            w.WriteString("eventStreamUri", EventStreamUri(context.Request, conversation.Id));
            w.WriteStartObject("member");
            w.WriteString("id", conversation.MemberId);
            w.WriteEndObject();
            w.WriteEndObject();
        }), context.RequestAborted);
    }

    // Built from the Host the request came in on, so a client that reached the simulator through a proxy which keeps
    // the Host header is sent back through that proxy.
    private static string EventStreamUri(HttpRequest request, string conversationId) =>
        (request.IsHttps ? "wss://" : "ws://") + request.Host.Value + GuestChatRoutes.EventStreamPrefix + "/" + Uri.EscapeDataString(conversationId);

    private static bool TryReadRequest(byte[] body, out string organizationId, out string deploymentId, out string displayName)
    {
        organizationId = deploymentId = displayName = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetString(root, "organizationId", out organizationId)
                || !TryGetString(root, "deploymentId", out deploymentId)
                || !root.TryGetProperty("memberInfo", out var member)
                || member.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            displayName = TryGetString(member, "displayName", out var name) ? name : "";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString()! : "";
        return value.Length > 0;
    }
}
