using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TypingGateway.Diagnostics;
using TypingGateway.Hosting;
using TypingGateway.IntegrationTests.Credentials;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Diagnostics;

/// <summary>
/// The log of a gateway in front of the simulator, every category at Debug and ASP.NET Core, Kestrel, YARP
/// and HttpClient at Verbose, captured by a sink behind the product's own Serilog pipeline: ticket routes
/// driven with tickets in the header and the query string, accepted and refused, a token renewal, a
/// malformed request quoting a ticket. No entry may hold a ticket, a ticket's signature, an issued token,
/// the client secret or the ticket key; every request has its one request line.
/// </summary>
[Trait("Area", "Logging")]
[Collection(RedisCollection.Name)]
public sealed class LogRedactionTests(RedisServerFixture redis)
{
    private const string RequestLine = "Serilog.AspNetCore.RequestLoggingMiddleware";
    private const string TicketRoute = CredentialsDeployment.RouteId;
    private const string TypingRoute = "genesys-agent-typing";

    private static readonly Dictionary<string, string?> _verbose = new()
    {
        ["Serilog:MinimumLevel:Default"] = "Debug",
        ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
        ["Serilog:MinimumLevel:Override:Yarp"] = "Verbose",
        ["Serilog:MinimumLevel:Override:System.Net.Http"] = "Verbose",
    };

    [Fact]
    public async Task TicketRoutes_AllCategoriesVerbose_NoEntryHoldsTicketTokenOrSecretAndOneRequestLineEach()
    {
        // Arrange
        var ledger = new SecretLedger();
        var conversation = Guid.NewGuid().ToString("N");
        var messages = $"/credentialed/conversations/{conversation}/messages";
        var typing = $"/api/v2/conversations/messages/{conversation}/communications/comm-1/typing";
        var tickets = new List<string>();
        var statuses = new Dictionary<string, HttpStatusCode>();
        LogSink logs;
        IReadOnlyList<string> issuedTokens;
        string badRequestAnswer;

        // Act
        await using (var deployment = await CredentialsDeployment.StartAsync(
            ledger, redis.Configuration, instances: 1, upstream: new JsonObject { ["ForcedRenewalInterval"] = "00:00:00" }, settings: _verbose))
        {
            var gateway = deployment.Gateways[0];
            logs = gateway.Logs;
            using var client = gateway.CreateClient();
            string Ticket(string subject) => Keep(tickets, deployment.Ticket(subject));
            string Forged() => Keep(tickets, Forge(deployment.Ticket(conversation)));

            statuses["header"] = await SendAsync(client, HttpMethod.Get, messages, header: Ticket(conversation));
            statuses["query"] = await SendAsync(client, HttpMethod.Get, $"{messages}?pageSize=5&guest_ticket={Ticket(conversation)}");
            statuses["forged header"] = await SendAsync(client, HttpMethod.Get, messages, header: Forged());
            statuses["forged query"] = await SendAsync(client, HttpMethod.Get, $"{messages}?guest_ticket={Forged()}");
            statuses["other guest query"] = await SendAsync(client, HttpMethod.Get, $"{messages}?guest_ticket={Ticket(Guid.NewGuid().ToString("N"))}");
            await deployment.Simulator.Client.RevokeTokensAsync();
            statuses["renewed"] = await SendAsync(client, HttpMethod.Post, messages, header: Ticket(conversation), body: """{"text":"hello"}""");
            statuses["typing query"] = await SendAsync(client, HttpMethod.Post, $"{typing}?guest_ticket={Ticket(conversation)}", body: """{"typing":{"type":"On","duration":5000}}""");
            statuses["live"] = await SendAsync(client, HttpMethod.Get, GatewayEndpoints.Live);
            badRequestAnswer = await SendMalformedAsync(gateway.BaseAddress, $"{messages.TrimStart('/')}?guest_ticket={Ticket(conversation)}");

            await logs.WaitForAsync(_ => logs.Entries.Count(e => e.Category == RequestLine) >= statuses.Count, TimeSpan.FromSeconds(15));
            issuedTokens = await deployment.Simulator.Client.GetIssuedTokensAsync();
        }

        // The deployment's dispose put every log entry, the issued tokens, the client secret and the ticket key in the ledger.
        foreach (var ticket in tickets)
        {
            ledger.AddSecret(ticket);
            ledger.AddSecret(ticket[(ticket.LastIndexOf('.') + 1)..]); // the signature alone
        }

        var entries = logs.Entries.ToList();
        var requestLines = entries.Where(e => e.Category == RequestLine).ToList();

        // Assert: the requests did what the scan needs (tickets accepted and refused, a token renewed).
        Assert.Equal(
            "header=OK, query=OK, forged header=Unauthorized, forged query=Unauthorized, other guest query=Unauthorized, renewed=OK, typing query=Accepted, live=OK",
            string.Join(", ", statuses.Select(s => $"{s.Key}={s.Value}")));
        Assert.StartsWith("HTTP/1.1 400", badRequestAnswer, StringComparison.Ordinal);
        Assert.True(issuedTokens.Count >= 2, $"{issuedTokens.Count} token(s) issued: the revocation did not make the gateway renew");

        // The categories that print request targets did print them, redacted.
        Assert.Contains(entries, e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Message.Contains("?[redacted]", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category.StartsWith("Yarp.", StringComparison.Ordinal) && e.Message.StartsWith("Proxying to ", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)
            && e.Exception is not null && e.Exception.ToString().Contains("?[redacted]", StringComparison.Ordinal));

        // One request line per request: method, path without query, route, status, duration.
        Assert.Equal(statuses.Count, requestLines.Count);
        Assert.All(requestLines, line =>
        {
            Assert.DoesNotContain("?", line.Message, StringComparison.Ordinal);
            Assert.Equal(LogDefaults.RequestCompleted.Id, line.EventId.Id);
            Assert.Contains("Elapsed=", line.Properties, StringComparison.Ordinal);
        });
        AssertRequestLine(requestLines, "GET", messages, TicketRoute, 200, count: 2);
        AssertRequestLine(requestLines, "GET", messages, TicketRoute, 401, count: 3);
        AssertRequestLine(requestLines, "POST", messages, TicketRoute, 200, count: 1);
        AssertRequestLine(requestLines, "POST", typing, TypingRoute, 202, count: 1);
        AssertRequestLine(requestLines, "GET", GatewayEndpoints.Live, GatewayEndpoints.Live, 200, count: 1);

        // No entry (message, properties, exception text) holds a secret.
        Assert.True(entries.Count >= 50, $"only {entries.Count} log entries captured");
        // (Tickets minted in the same second for the same guest are the same ticket.)
        Assert.True(ledger.SecretCount >= tickets.Distinct().Count() + issuedTokens.Count + 2, $"only {ledger.SecretCount} secrets recorded");
        Assert.Empty(ledger.Leaks());
    }

    private static void AssertRequestLine(List<CapturedLog> lines, string method, string path, string route, int status, int count)
    {
        var pattern = new Regex($@"^HTTP {method} {Regex.Escape(path)} \({Regex.Escape(route)}\) responded {status} in \d+\.\d ms$");
        var matching = lines.Where(l => pattern.IsMatch(l.Message)).ToList();
        Assert.True(matching.Count == count, $"{matching.Count} request line(s) like {pattern}, expected {count}:{Environment.NewLine}{string.Join(Environment.NewLine, lines.Select(l => l.Message))}");
        Assert.All(matching, l => Assert.Contains($"Route=\"{route}\"", l.Properties, StringComparison.Ordinal));
        Assert.All(matching, l => Assert.Contains($"StatusCode={status}", l.Properties, StringComparison.Ordinal));
    }

    private static string Keep(List<string> tickets, string ticket)
    {
        tickets.Add(ticket);
        return ticket;
    }

    /// <summary>The ticket with one character of its signature changed.</summary>
    private static string Forge(string ticket)
    {
        var index = ticket.Length - 10;
        var replacement = ticket[index] == 'A' ? 'B' : 'A';
        return string.Concat(ticket.AsSpan(0, index), replacement.ToString(), ticket.AsSpan(index + 1));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string target, string? header = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, target);
        request.Headers.Add(CredentialsDeployment.SessionHeader, "log-redaction");
        if (header is not null)
        {
            request.Headers.Add("X-Guest-Ticket", header);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A request whose target Kestrel refuses (neither origin nor absolute form); Kestrel quotes the target in its exception.</summary>
    private static async Task<string> SendMalformedAsync(Uri gateway, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {gateway.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }
}
