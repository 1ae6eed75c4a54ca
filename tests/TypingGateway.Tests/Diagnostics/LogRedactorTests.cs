using System.Text;
using TypingGateway.Auth;
using TypingGateway.Diagnostics;

namespace TypingGateway.Tests.Diagnostics;

[Trait("Area", "Logging")]
public sealed class LogRedactorTests
{
    private static readonly string _ticket = GuestTicket.Mint("dev", Encoding.UTF8.GetBytes(new string('k', 32)), "conv-1", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly string _signature = _ticket[(_ticket.LastIndexOf('.') + 1)..];
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJndWVzdCJ9.c2lnbmF0dXJl";
    private const string Opaque = "sim-token-7f3a9c";

    public static TheoryData<string> CategoryMessages => new()
    {
        // Microsoft.AspNetCore.Hosting.Diagnostics, Information: "Request starting …" and its QueryString property.
        $"Request starting HTTP/1.1 GET http://127.0.0.1:5080/credentialed/conversations/c/messages?guest_ticket={_ticket} - - -",
        $"?pageSize=5&guest_ticket={_ticket}",
        // Yarp.ReverseProxy.Forwarder.HttpForwarder, Information: the destination URI.
        $"Proxying to http://127.0.0.1:5180/api/v2/conversations/c/messages?guest_ticket={_ticket} HTTP/2 RequestVersionOrLower",
        // System.Net.Http.HttpClient.*.LogicalHandler: the URI at Information, the headers at Trace.
        $"Start processing HTTP request GET http://127.0.0.1:5180/v1?deploymentId=d&token={Opaque}",
        $"Request Headers:{Environment.NewLine}Authorization: Bearer {Opaque}{Environment.NewLine}X-Guest-Ticket: {_ticket}{Environment.NewLine}Accept: */*",
        // Kestrel's bad-request exception text quotes the request target.
        $"Invalid request target: '/genesys/v1?guest_ticket={_ticket}%'",
        // A WebSocket URL, a ticket alone, a forged ticket, a token alone, a form body, a JSON dump of headers.
        $"ws://gateway/genesys/v1?guest_ticket={_ticket}",
        $"ticket {_ticket} rejected",
        $"ticket {_ticket[..^3]}AAA rejected",
        $"sent Bearer {Jwt}",
        $"token {Jwt}",
        $"grant_type=client_credentials&client_id=gateway&client_secret={Opaque}",
        $$"""{"X-Guest-Ticket":"{{_ticket}}","Authorization":"Basic {{Opaque}}"}""",
    };

    [Theory]
    [MemberData(nameof(CategoryMessages))]
    public void Redact_MessageOfAnyCategory_HoldsNoCredential(string message)
    {
        var redacted = LogRedactor.Default.Redact(message);

        Assert.DoesNotContain(_ticket, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(_signature, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(Jwt, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(Opaque, redacted, StringComparison.Ordinal);
        Assert.Contains(LogRedactor.Redacted, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_Uri_KeepsSchemeHostAndPathOnly()
    {
        var redacted = LogRedactor.Default.Redact($"http://127.0.0.1:5180/api/v2/conversations/c/messages?pageSize=5&guest_ticket={_ticket}");

        Assert.Equal("http://127.0.0.1:5180/api/v2/conversations/c/messages?[redacted]", redacted);
    }

    [Fact]
    public void Redact_HeaderLines_RedactsCredentialHeadersOnly()
    {
        var redacted = LogRedactor.Default.Redact($"Authorization: Bearer {Opaque}\nX-Guest-Ticket: {_ticket}\nAccept: */*\nProxy-Authorization: Basic {Opaque}");

        Assert.Equal("Authorization: [redacted]\nX-Guest-Ticket: [redacted]\nAccept: */*\nProxy-Authorization: [redacted]", redacted);
    }

    [Theory]
    [InlineData("Route {RouteId}: guest ticket rejected ({Reason}); the request was not forwarded.")]
    [InlineData("HTTP {RequestMethod} {RequestPath} ({Route}) responded {StatusCode} in {Elapsed:0.0} ms")]
    [InlineData("This route requires a guest ticket: send it in the X-Guest-Ticket header or the guest_ticket query parameter.")]
    [InlineData("the token endpoint issued a token of type 'mac', not a bearer token.")]
    [InlineData("{Scheme}://{Host}{PathBase}{Path}?{QueryString}")]
    [InlineData("Is it ready? Yes.")]
    [InlineData("")]
    public void Redact_TextWithoutCredentials_SameInstance(string text) =>
        Assert.Same(text, LogRedactor.Default.Redact(text));

    [Fact]
    public void Redact_ConfiguredTicketNames_Redacted()
    {
        var redactor = new LogRedactor(["X-Chat-Pass"], ["pass"]);

        Assert.Equal("X-Chat-Pass: [redacted]", redactor.Redact("X-Chat-Pass: opaque-value"));
        Assert.Equal("a=1&pass=[redacted]", redactor.Redact("a=1&pass=opaque-value"));
        Assert.True(redactor.IsSensitiveName("x-chat-pass"));
        Assert.True(redactor.IsSensitiveName("Authorization"));
        Assert.False(redactor.IsSensitiveName("Accept"));
    }

    [Fact]
    public void From_Configuration_UsesGuestTicketNamesAndDefaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GuestTickets:HeaderName"] = "X-Chat-Pass",
            ["GuestTickets:QueryParameter"] = "pass",
        }).Build();

        var redactor = LogRedactor.From(configuration);

        Assert.True(redactor.IsSensitiveName("X-Chat-Pass"));
        Assert.True(redactor.IsSensitiveName("pass"));
        Assert.True(redactor.IsSensitiveName(AuthDefaults.TicketHeader));
        Assert.True(redactor.IsSensitiveName(AuthDefaults.TicketQueryParameter));
    }
}
