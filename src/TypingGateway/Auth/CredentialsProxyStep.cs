using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using TypingGateway.Diagnostics;
using Yarp.ReverseProxy.Model;

namespace TypingGateway.Auth;

/// <summary>
/// The two steps of YARP's proxy pipeline that apply a route's credentials. <see cref="AuthorizeAsync"/>
/// runs first: it checks the guest ticket and obtains the upstream's token, answering 401 or 503 itself
/// so that nothing is forwarded (nor any typing state touched) without both. <see cref="ForwardAsync"/>
/// runs last before load balancing: it makes small requests replayable and, when the upstream answers
/// 401, renews the token once across the cluster and sends the request once more.
/// </summary>
internal sealed partial class CredentialsProxyStep(
    CredentialsCatalog catalog,
    UpstreamTokenBroker broker,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<CredentialsProxyStep> logger)
{
    /// <summary>Bodies up to this size are buffered so a request rejected with 401 can be replayed.</summary>
    internal const int MaxReplayBodyBytes = 64 * 1024;

    /// <remarks>
    /// Synchronous up to the next step when the token is cached (every request but a refresh): awaiting the rest of
    /// the pipeline here would keep a state machine alive for a WebSocket's whole life, for nothing to do after it.
    /// </remarks>
    public Task AuthorizeAsync(HttpContext context, RequestDelegate next)
    {
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config;
        if (route is null || RouteCredentials.From(route) is not { } credentials)
        {
            return next(context);
        }

        if (credentials.TicketRequired)
        {
            var keys = catalog.Current.Tickets;
            var verdict = GuestTicket.Verify(ReadTicket(context.Request, keys), keys, context.GetRouteValue(credentials.TicketSubject!)?.ToString(), time.GetUtcNow());
            if (verdict != GuestTicketVerdict.Valid)
            {
                var reason = CredentialProblems.Reason(verdict);
                metrics.CredentialRejection(route.RouteId, reason);
                Log.TicketRejected(logger, route.RouteId, reason);
                return CredentialProblems.WriteTicketRejectedAsync(context, verdict, keys);
            }
        }

        if (credentials.Upstream is not { } upstream)
        {
            return next(context);
        }

        var token = broker.GetTokenAsync(upstream, context.RequestAborted);
        if (!token.IsCompletedSuccessfully)
        {
            return AwaitTokenAsync(context, route.RouteId, upstream, token, next);
        }

        context.Features.Set(new UpstreamCredentialFeature(upstream, token.Result));
        return next(context);
    }

    private async Task AwaitTokenAsync(HttpContext context, string routeId, string upstream, ValueTask<UpstreamToken> pending, RequestDelegate next)
    {
        UpstreamToken token;
        try
        {
            token = await pending.ConfigureAwait(false);
        }
        catch (TokenUnavailableException ex)
        {
            metrics.CredentialRejection(routeId, "token_unavailable");
            Log.TokenUnavailable(logger, routeId, upstream, ex.Message);
            await CredentialProblems.WriteTokenUnavailableAsync(context, ex).ConfigureAwait(false);
            return;
        }

        context.Features.Set(new UpstreamCredentialFeature(upstream, token));
        await next(context).ConfigureAwait(false);
    }

    public async Task ForwardAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<UpstreamCredentialFeature>() is not { } credential)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // Replayed only when a 401 would renew the token: a second 401 for the same token must reach the client.
        credential.Replayable = broker.CanRenew(credential.Upstream, credential.Token) && MakeReplayable(context);
        await next(context).ConfigureAwait(false);
        if (!credential.Rejected)
        {
            return;
        }

        var renewed = await broker.RenewAsync(credential.Upstream, credential.Token, context.RequestAborted).ConfigureAwait(false);
        if (!credential.ReplayPending)
        {
            return; // the 401 went to the client as the upstream sent it; the next request carries the renewed token
        }

        // The 401's status and headers were copied but nothing was sent: start over with the renewed token.
        context.Response.Clear();
        if (context.Request.Body.CanSeek)
        {
            context.Request.Body.Position = 0;
        }

        if (renewed is null)
        {
            var problem = new TokenUnavailableException(credential.Upstream, TimeSpan.Zero, $"No access token for upstream '{credential.Upstream}': the renewal after a 401 failed.");
            metrics.CredentialRejection(context.Features.Get<IReverseProxyFeature>()!.Route.Config.RouteId, "token_unavailable");
            await CredentialProblems.WriteTokenUnavailableAsync(context, problem).ConfigureAwait(false);
            return;
        }

        metrics.UpstreamReplay(credential.Upstream);
        credential.Token = renewed;
        credential.Rejected = false;
        credential.ReplayPending = false;
        credential.Replayed = true;
        await next(context).ConfigureAwait(false);
    }

    private static string? ReadTicket(HttpRequest request, GuestTicketKeyRing keys)
    {
        var header = request.Headers[keys.HeaderName];
        return header.Count > 0 ? header[0] : request.Query[keys.QueryParameter].FirstOrDefault();
    }

    private static bool MakeReplayable(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            return false;
        }

        if (request.ContentLength is null)
        {
            // No length and no chunked body: there is no body to buffer.
            return !request.Headers.ContainsKey(HeaderNames.TransferEncoding);
        }

        if (request.ContentLength > MaxReplayBodyBytes)
        {
            return false;
        }

        request.EnableBuffering(MaxReplayBodyBytes);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Route {RouteId}: guest ticket rejected ({Reason}); the request was not forwarded.")]
        public static partial void TicketRejected(ILogger logger, string routeId, string reason);

        [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "Route {RouteId}: answered 503 and not forwarded (upstream {Upstream}): {Reason}")]
        public static partial void TokenUnavailable(ILogger logger, string routeId, string upstream, string reason);
    }
}
