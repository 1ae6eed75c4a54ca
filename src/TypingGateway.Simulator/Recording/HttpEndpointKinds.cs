using Microsoft.AspNetCore.Http;

namespace TypingGateway.Simulator.Recording;

/// <summary>Protocol and kind of an HTTP request by path, for requests no endpoint handles itself (faults, 404s).</summary>
internal static class HttpEndpointKinds
{
    public const string OAuthTokenPath = "/oauth/token";
    public const string OAuthToken = "oauth.token";
    public const string GenesysRestPrefix = "/api/v2/";
    public const string GenesysRestTyping = "genesys-rest.typing";
    public const string GenesysWebSocketPath = "/v1";
    public const string CXoneWebSocketPath = "/cxone";
    public const string EchoWebSocketPrefix = "/ws";

    public static string HttpKind(string method) => "http." + method;

    public static (string Protocol, string Kind) Classify(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments(OAuthTokenPath, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.OAuth, OAuthToken);
        }

        if (path.StartsWithSegments(GenesysRestPrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.GenesysRest, GenesysRestTyping);
        }

        if (path.StartsWithSegments(GenesysWebSocketPath, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.Genesys, "genesys.connect");
        }

        if (path.StartsWithSegments(CXoneWebSocketPath, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.CXone, "cxone.connect");
        }

        if (path.StartsWithSegments(EchoWebSocketPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (RecordProtocols.EchoWebSocket, "ws.connect");
        }

        return (RecordProtocols.Http, HttpKind(request.Method));
    }
}
