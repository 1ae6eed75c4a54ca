using Microsoft.AspNetCore.Http;
using TypingGateway.Simulator.Echo;
using TypingGateway.Simulator.OAuth;
using TypingGateway.Simulator.Recording;
using TypingGateway.Simulator.WebSockets;

namespace TypingGateway.Simulator.GenesysRest;

/// <summary>
/// Any method on <c>/api/v2/{**path}</c> except the typing endpoint: a stand-in for the rest of the
/// Platform API that checks the bearer token on every request, so tests can see that each one
/// reaching the upstream was authenticated. 200 with <c>{"path":…,"method":…}</c>, or the 401 ErrorBody.
/// </summary>
internal sealed class GenesysPlatformApiEndpoint(TokenStore tokens, HttpRequestRecorder recorder)
{
    public const string Route = HttpEndpointKinds.GenesysRestPrefix + "{**path}";

    private const string JsonContentType = "application/json";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await HttpRequestRecorder.ReadBodyAsync(request, context.RequestAborted);
        var session = request.Headers[EchoHeaders.SessionId].FirstOrDefault();
        if (!BearerCheck.IsValid(request, tokens))
        {
            recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestApi, RecordOutcomes.Rejected(StatusCodes.Status401Unauthorized), session, body);
            await GenesysErrorBody.WriteAuthenticationFailedAsync(context);
            return;
        }

        recorder.Record(context, RecordProtocols.GenesysRest, HttpEndpointKinds.GenesysRestApi, RecordOutcomes.Accepted, session, body);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonContentType;
        // Echoes only what routing saw, never the Authorization header: the body must not leak the token.
        await context.Response.Body.WriteAsync(JsonFrame.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("path", request.Path.Value);
            w.WriteString("method", request.Method);
            w.WriteEndObject();
        }), context.RequestAborted);
    }
}
