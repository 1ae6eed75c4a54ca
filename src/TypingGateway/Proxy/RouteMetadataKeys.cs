namespace TypingGateway.Proxy;

/// <summary>Route <c>Metadata</c> keys the gateway understands. Each key has exactly one owner here.</summary>
public static class RouteMetadataKeys
{
    /// <summary>Names the typing profile whose collapse rules apply to the route.</summary>
    public const string TypingProfile = "TypingProfile";

    /// <summary>
    /// HTTP typing routes: <c>Start</c>, <c>Stop</c> or <c>Message</c>: every request on the route is that signal,
    /// with or without a body (body-less typing calls such as Genesys guest chat's <c>POST …/typing</c>).
    /// </summary>
    public const string TypingRequest = "TypingRequest";

    /// <summary>Names the upstream (<c>Upstreams:&lt;name&gt;</c>) whose bearer token is injected on the route.</summary>
    public const string Upstream = "Upstream";

    /// <summary><c>Required</c> or <c>None</c>: whether requests must carry a guest ticket. Default: Required where an upstream is named.</summary>
    public const string GuestTicket = "GuestTicket";

    /// <summary>The route value (from the route's path template) a guest ticket must be issued for, e.g. <c>conversationId</c>.</summary>
    public const string GuestTicketSubject = "GuestTicketSubject";

    /// <summary>WebSocket typing routes: the rate-limit policy for the guest's chat messages.</summary>
    public const string RateLimitMessages = "RateLimitMessages";

    /// <summary>WebSocket typing routes: the rate-limit policy for typing frames that are forwarded (collapsed ones never count).</summary>
    public const string RateLimitTyping = "RateLimitTyping";

    /// <summary>WebSocket typing routes: the rate-limit policy for the guest's other inspected frames (session, receipts, …).</summary>
    public const string RateLimitOther = "RateLimitOther";

    /// <summary>Genesys WebSocket routes: the longest message text, in characters; longer ones get the platform's 4011 frame.</summary>
    public const string MaxTextLength = "MaxTextLength";

    /// <summary>
    /// WebSocket typing routes: the largest guest data message, in payload bytes summed over its frames
    /// (1 to 64 MiB). Genesys guests get the 4011 frame for a larger one, other guests a close with 1009.
    /// </summary>
    public const string MaxMessageBytes = "MaxMessageBytes";

    /// <summary>Genesys WebSocket routes: comma-separated MIME types an attachment may have (e.g. <c>image/png,image/jpeg</c>).</summary>
    public const string AllowedAttachmentTypes = "AllowedAttachmentTypes";

    /// <summary>
    /// Comma-separated origins (<c>scheme://host[:port]</c>, http or https) whose pages may use the route. When set, a
    /// WebSocket upgrade without an allowed <c>Origin</c> header, and an HTTP request with a foreign one, get 403 and
    /// nothing is forwarded (cross-site WebSocket hijacking). Unset: every origin, as a plain proxy.
    /// </summary>
    public const string AllowedOrigins = "AllowedOrigins";

    /// <summary>
    /// <c>Enforce</c> (default) or <c>Shadow</c>. In shadow every frame and request is forwarded untouched and at once (no
    /// 202, no drop, no synthesized stop, no error frame, no shaping delay), while the route's collapser, channel constraints
    /// and rate limits decide as enforcing would (WebSocket frames right after they have gone) and every decision is counted
    /// (<c>mode="shadow"</c>) and traced. Hot-reloadable, open sockets included; a socket opened enforcing keeps its message
    /// size limit (README "Roll out safely").
    /// </summary>
    public const string Mode = "Mode";
}
