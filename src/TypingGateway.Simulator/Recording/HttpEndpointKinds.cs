using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TypingGateway.Simulator.GenesysGuestChat;
using TypingGateway.Simulator.GenesysRest;

namespace TypingGateway.Simulator.Recording;

/// <summary>
/// Protocol and kind of an HTTP request by path, for requests no endpoint handles itself (faults, 404s).
/// Under <c>/api/v2/</c> the kind follows the endpoint routing chose, so a fault is recorded as the endpoint it replaced would have been.
/// </summary>
internal static class HttpEndpointKinds
{
    public const string OAuthTokenPath = "/oauth/token";
    public const string OAuthToken = "oauth.token";
    public const string GenesysRestPrefix = "/api/v2/";
    public const string GenesysRestTyping = "genesys-rest.typing";
    public const string GenesysRestApi = "genesys-rest.api";
    public const string GenesysWebSocketPath = "/v1";
    public const string CXoneWebSocketPath = "/cxone";
    public const string EchoWebSocketPrefix = "/ws";
    public const string CXoneChannelPrefix = "/chat/1.0";
    public const string CXoneChannel = "cxone.channel";

    public static string HttpKind(string method) => "http." + method;

    public static (string Protocol, string Kind) Classify(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments(OAuthTokenPath, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.OAuth, OAuthToken);
        }

        // Before the Platform API prefix, which contains it.
        if (path.StartsWithSegments(GuestChatRoutes.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.GenesysGuestChat, GuestChatKinds.Classify(request.HttpContext));
        }

        if (path.StartsWithSegments(GuestChatRoutes.EventStreamPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.GenesysGuestChat, GuestChatKinds.EventStream);
        }

        if (path.StartsWithSegments(GenesysRestPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.GenesysRest, IsTypingEndpoint(request.HttpContext) ? GenesysRestTyping : GenesysRestApi);
        }

        if (path.StartsWithSegments(GenesysWebSocketPath, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.Genesys, "genesys.connect");
        }

        if (path.StartsWithSegments(CXoneWebSocketPath, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.CXone, "cxone.connect");
        }

        if (path.StartsWithSegments(CXoneChannelPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.CXone, CXoneChannel);
        }

        if (path.StartsWithSegments(EchoWebSocketPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.EchoWebSocket, "ws.connect");
        }

        return (RecordProtocols.Http, HttpKind(request.Method));
    }

    // Only a POST of the typing template routes to the typing endpoint; a GET of the same path is the generic API.
    private static bool IsTypingEndpoint(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: GenesysRestTypingEndpoint.Route };
}
