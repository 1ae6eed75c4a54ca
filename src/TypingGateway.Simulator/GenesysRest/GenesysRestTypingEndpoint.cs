using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.OAuth;
using TypingGateway.Simulator.Recording;

namespace TypingGateway.Simulator.GenesysRest;

/// <summary>
/// <c>POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/typing</c>
/// (protocols.md §2.1): bearer token required, body <c>{"typing":{"type":"On"}}</c>, 202 with no body.
/// </summary>
internal sealed class GenesysRestTypingEndpoint(TokenStore tokens, HttpRequestRecorder recorder)
{
    public const string Route = "/api/v2/conversations/messages/{conversationId}/communications/{communicationId}/typing";

    public async Task HandleAsync(HttpContext context, string conversationId)
    {
        var body = await HttpRequestRecorder.ReadBodyAsync(context.Request, context.RequestAborted);
        if (!BearerCheck.IsValid(context.Request, tokens))
        {
            recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestTyping, RecordOutcomes.Rejected(401), conversationId, body);
            await GenesysErrorBody.WriteAuthenticationFailedAsync(context);
            return;
        }

        if (!IsTypingOn(body))
        {
            recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestTyping, RecordOutcomes.Rejected(400), conversationId, body);
            await GenesysErrorBody.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid typing event.", "bad.request");
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestTyping, RecordOutcomes.Accepted, conversationId, body);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static bool IsTypingOn(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("typing", out var typing)
                && typing.ValueKind == JsonValueKind.Object
                && typing.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == "On";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
