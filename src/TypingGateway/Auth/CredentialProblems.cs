using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace TypingGateway.Auth;

/// <summary>
/// The gateway's own answers on credential routes, as RFC 9457 problem details. They say what is
/// wrong and what to do, and never contain a ticket, a token or an identity provider's answer.
/// </summary>
internal static class CredentialProblems
{
    public const string TicketProblemType = "urn:typinggateway:problem:guest-ticket";
    public const string TokenProblemType = "urn:typinggateway:problem:upstream-credentials-unavailable";

    /// <summary>The scheme named in <c>WWW-Authenticate</c> on a ticket rejection.</summary>
    public const string TicketScheme = "GuestTicket";

    public static string Reason(GuestTicketVerdict verdict) => verdict switch
    {
        GuestTicketVerdict.Missing => "missing",
        GuestTicketVerdict.Malformed => "malformed",
        GuestTicketVerdict.UnknownKey => "unknown_key",
        GuestTicketVerdict.BadSignature => "bad_signature",
        GuestTicketVerdict.Expired => "expired",
        GuestTicketVerdict.TooLongLived => "too_long_lived",
        GuestTicketVerdict.WrongSubject => "wrong_subject",
        _ => "valid",
    };

    public static Task WriteTicketRejectedAsync(HttpContext context, GuestTicketVerdict verdict, GuestTicketKeyRing keys)
    {
        var detail = verdict switch
        {
            GuestTicketVerdict.Missing => $"This route requires a guest ticket: send it in the {keys.HeaderName} header or the {keys.QueryParameter} query parameter.",
            GuestTicketVerdict.Malformed => "The guest ticket is malformed.",
            GuestTicketVerdict.UnknownKey => "The guest ticket names a signing key this gateway does not know (it may have been rotated out); get a new ticket.",
            GuestTicketVerdict.BadSignature => "The guest ticket's signature is not valid.",
            GuestTicketVerdict.Expired => "The guest ticket has expired; get a new ticket.",
            GuestTicketVerdict.TooLongLived => "The guest ticket expires further in the future than this gateway accepts.",
            _ => "The guest ticket was issued for another guest or conversation than the one this request acts on.",
        };
        context.Response.Headers[HeaderNames.WWWAuthenticate] = $"{TicketScheme} error=\"invalid_ticket\"";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, TicketProblemType, "Guest ticket rejected", detail, ("reason", Reason(verdict)));
    }

    public static Task WriteTokenUnavailableAsync(HttpContext context, TokenUnavailableException exception)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(exception.RetryAfter.TotalSeconds));
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            TokenProblemType,
            "Upstream credentials unavailable",
            $"The gateway has no valid access token for this route's upstream right now, so the request was not forwarded. Retry after {seconds} s.",
            ("retryAfter", seconds));
    }

    private static Task WriteAsync(HttpContext context, int status, string type, string title, string detail, (string Name, object Value) extension) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: [new(extension.Name, extension.Value)])
            .ExecuteAsync(context);
}
