using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;
using TypingGateway.Auth;

namespace TypingGateway.Diagnostics;

/// <summary>
/// The rules that keep guest tickets, tokens and secrets out of log text: a query string is replaced
/// whole (a ticket may ride in any parameter a route reads), and so is the value of every header, form
/// field, credential scheme or string shaped like a ticket or a JWT. The rules are about shapes, not
/// categories, so they hold for ASP.NET Core's, YARP's and HttpClient's messages as for ours.
/// </summary>
internal sealed class LogRedactor
{
    public const string Redacted = "[redacted]";

    // Headers whose values are credentials wherever they are printed (the ticket header is added per configuration).
    private static readonly string[] _credentialHeaders =
        [HeaderNames.Authorization, HeaderNames.ProxyAuthorization, HeaderNames.Cookie, HeaderNames.SetCookie];

    // Form and query fields of OAuth (RFC 6749 §4.4, §5.1) besides the ticket parameter.
    private static readonly string[] _credentialFields = ["access_token", "refresh_token", "id_token", "client_secret"];

    private readonly FrozenSet<string> _sensitiveNames;
    private readonly Regex _pattern;

    /// <param name="ticketHeaders">Headers that carry guest tickets (the configured one and the default).</param>
    /// <param name="ticketParameters">Query parameters that carry guest tickets.</param>
    public LogRedactor(IEnumerable<string> ticketHeaders, IEnumerable<string> ticketParameters)
    {
        string[] headers = [.. _credentialHeaders, .. ticketHeaders.Where(h => !string.IsNullOrWhiteSpace(h))];
        string[] fields = [.. _credentialFields, .. ticketParameters.Where(p => !string.IsNullOrWhiteSpace(p))];
        _sensitiveNames = headers.Concat(fields).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

        // One pass over the text; at a given position the first alternative that matches wins.
        _pattern = new Regex(
            string.Join('|',
                // "Authorization: Bearer x", "X-Guest-Ticket=v1…", "\"Cookie\": \"…\"": the rest of the line.
                $@"(?<name>(?<![\w-])(?:{Alternatives(headers)})""?\s*[:=]\s*)[^\r\n]*",
                // A query string, in a URI, a request target or ASP.NET Core's QueryString property ("?a=b").
                // A '{' right after '?' is a message-template hole, not a query.
                @"(?<query>\?)(?!\{)[^\s""'<>]+",
                // A credential field of a form body or a query outside a URI.
                $@"(?<name>(?<![\w-])(?:{Alternatives(fields)})=)[^&\s""']*",
                // Credential schemes of Authorization headers (RFC 9110 §11.4) as clients spell them
                // ("bearer" in prose is left alone; a header line is caught by the first rule).
                @"(?<name>(?<![\w-])(?:Bearer|BEARER|Basic|Digest|Negotiate|NTLM)\s+)[\w\-.~+/]+=*",
                // A guest ticket (v1.keyId.subject.expiry.signature), even a malformed or forged one.
                $@"(?<![\w.-]){Regex.Escape(GuestTicket.Version)}(?:\.[\w-]*){{4}}",
                // A JWT (RFC 7519): header.payload.signature, the header starting with base64url '{"'.
                @"eyJ[\w-]*\.[\w-]*\.[\w-]*"),
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled);
    }

    /// <summary>The rules for the default ticket header and parameter only.</summary>
    public static LogRedactor Default { get; } = new([AuthDefaults.TicketHeader], [AuthDefaults.TicketQueryParameter]);

    /// <summary>The rules for the ticket header and parameter configured in <c>GuestTickets</c> (and the defaults).</summary>
    public static LogRedactor From(IConfiguration configuration)
    {
        var section = configuration.GetSection(GuestTicketOptions.SectionName);
        return new LogRedactor(
            [AuthDefaults.TicketHeader, section[nameof(GuestTicketOptions.HeaderName)] ?? string.Empty],
            [AuthDefaults.TicketQueryParameter, section[nameof(GuestTicketOptions.QueryParameter)] ?? string.Empty]);
    }

    /// <summary>Whether a property, header or field of this name holds a credential, whatever its value looks like.</summary>
    public bool IsSensitiveName(string name) => _sensitiveNames.Contains(name);

    /// <summary>The text with every credential replaced by <see cref="Redacted"/>; the same instance when there was none.</summary>
    public string Redact(string text) => text.Length == 0 ? text : _pattern.Replace(text, Replace);

    private static string Replace(Match match)
    {
        var name = match.Groups["name"];
        if (name.Success)
        {
            return name.Value + Redacted;
        }

        return match.Groups["query"].Success ? "?" + Redacted : Redacted;
    }

    private static string Alternatives(IEnumerable<string> names) =>
        string.Join('|', names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => "(?i:" + Regex.Escape(n) + ")"));
}
