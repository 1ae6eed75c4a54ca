using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
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
        if (!HasValidBearer(context.Request))
        {
            recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestTyping, RecordOutcomes.Rejected(401), conversationId, body);
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Authentication failed.", "bad.credentials");
            return;
        }

        if (!IsTypingOn(body))
        {
            recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestTyping, RecordOutcomes.Rejected(400), conversationId, body);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid typing event.", "bad.request");
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestTyping, RecordOutcomes.Accepted, conversationId, body);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private bool HasValidBearer(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers[HeaderNames.Authorization], out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
        && header.Parameter is not null
        && tokens.IsValid(header.Parameter);

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

    private static async Task WriteErrorAsync(HttpContext context, int status, string message, string code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = GenesysErrorBody.ContentType;
        await context.Response.Body.WriteAsync(GenesysErrorBody.Create(message, code, status), context.RequestAborted);
    }
}
