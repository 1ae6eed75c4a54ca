using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
using TypingGateway.Diagnostics;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace TypingGateway.Proxy;

/// <summary>
/// The first step of YARP's proxy pipeline on routes with <c>AllowedOrigins</c>: it answers 403 itself, so nothing
/// is forwarded, to a WebSocket upgrade whose <c>Origin</c> is missing or foreign (cross-site WebSocket hijacking:
/// browsers send cookies and other ambient credentials with a cross-site upgrade, and WebSockets have no CORS)
/// and to an HTTP request that carries a foreign <c>Origin</c>. HTTP requests without one come from servers and
/// SDKs outside a browser, which no page can forge, so they pass.
/// </summary>
internal sealed partial class OriginProxyStep(GatewayMetrics metrics, ILogger<OriginProxyStep> logger)
{
    public const string ProblemType = "urn:typinggateway:problem:origin-not-allowed";

    // One parse per route config: YARP builds a new RouteConfig on every reload, so the old entries go with it.
    private readonly ConditionalWeakTable<RouteConfig, AllowedOrigins> _parsed = new();

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config;
        if (route?.Metadata?.ContainsKey(RouteMetadataKeys.AllowedOrigins) != true)
        {
            return next(context);
        }

        var upgrade = IsWebSocketRequest(context);
        var origin = context.Request.Headers.Origin;
        string reason;
        if (origin.Count == 0)
        {
            if (!upgrade)
            {
                return next(context);
            }

            reason = "origin_missing";
        }
        else if (origin.Count == 1 && _parsed.GetValue(route, AllowedOrigins.From).Allows(origin[0]))
        {
            return next(context);
        }
        else
        {
            reason = "origin_foreign";
        }

        metrics.AdmissionRejection(route.RouteId, upgrade ? "ws" : "http", reason);
        Log.OriginRejected(logger, route.RouteId, reason);
        return TypedResults.Problem(
            origin.Count == 0
                ? "This route accepts WebSocket connections only from the pages of its allowed origins, and the request has no Origin header."
                : "This route does not accept requests from pages of this origin.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Origin not allowed",
            type: ProblemType,
            extensions: [new("reason", reason)]).ExecuteAsync(context);
    }

    /// <summary>An HTTP/1.1 upgrade or an HTTP/2 extended CONNECT (RFC 8441): both become WebSockets.</summary>
    internal static bool IsWebSocketRequest(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
        || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Route {RouteId}: request refused with 403 ({Reason}); nothing was forwarded.")]
        public static partial void OriginRejected(ILogger logger, string routeId, string reason);
    }
}
