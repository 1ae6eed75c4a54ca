using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.GenesysRest;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysGuestChat;

/// <summary>
/// <c>POST /api/v2/webchat/guest/conversations/{conversationId}/members/{memberId}/messages</c>: the guest JWT and a
/// <c>CreateWebChatMessageRequest</c> (<c>{"body":…,"bodyType":"standard"|"notice"}</c>); 200 with a <c>WebChatMessage</c>, or 400 ErrorBody.
/// </summary>
internal sealed class GuestChatMessageEndpoint(GuestChatAuthorizer authorizer, HttpRequestRecorder recorder, TimeProvider timeProvider)
{
    private const string DefaultBodyType = "standard";
    private static readonly string[] _bodyTypes = [DefaultBodyType, "notice"];

    public async Task HandleAsync(HttpContext context, string conversationId, string memberId)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        if (await authorizer.AuthorizeAsync(context, conversationId, memberId, GuestChatKinds.Message, body) is null)
        {
            return;
        }

        if (!TryReadMessage(body, out var text, out var bodyType))
        {
            recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Message, RecordOutcomes.Rejected(StatusCodes.Status400BadRequest), conversationId, body);
            await GenesysErrorBody.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid message.", "bad.request");
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysGuestChat, GuestChatKinds.Message, RecordOutcomes.Accepted, conversationId, body);
        var id = Guid.NewGuid().ToString("D");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GuestChatJson.ContentType;
        await context.Response.Body.WriteAsync(JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            GuestChatJson.WriteConversationRef(w, conversationId);
            GuestChatJson.WriteSenderRef(w, memberId);
            w.WriteString("body", text);
            w.WriteString("bodyType", bodyType);
            GuestChatJson.WriteTimestamp(w, "timestamp", timeProvider.GetUtcNow());
            w.WriteString("selfUri", GuestChatRoutes.Conversations + "/" + conversationId + "/messages/" + id);
            w.WriteEndObject();
        }), context.RequestAborted);
    }

    private static bool TryReadMessage(byte[] body, out string text, out string bodyType)
    {
        text = "";
        bodyType = DefaultBodyType;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("body", out var textElement)
                || textElement.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            text = textElement.GetString()!;
            if (root.TryGetProperty("bodyType", out var typeElement))
            {
                if (typeElement.ValueKind != JsonValueKind.String || !_bodyTypes.Contains(typeElement.GetString(), StringComparer.Ordinal))
                {
                    return false;
                }

                bodyType = typeElement.GetString()!;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
