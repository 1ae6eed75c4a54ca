using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12, D4: a guest ticket with a non-canonical base64url part answered 500 with a stack trace.
/// Every malformed shape, in the header and in the query parameter, must get the gateway's 401 <c>malformed</c>.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class MalformedTicketTests
{
    private const string TicketHeader = "X-Guest-Ticket";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public async Task AgentTyping_MalformedTicketShapes_401Malformed()
    {
        // Arrange: the shipped config; genesys-agent-typing checks tickets for {conversationId}.
        await using var deployment = await ShippedDeployment.StartAsync(1, redisConfiguration: null);
        using var client = deployment.Gateways[0].CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var conversation = Guid.NewGuid().ToString("N");
        var shapes = Shapes(deployment.Config.Ticket(conversation));
        var path = $"/api/v2/conversations/messages/{conversation}/communications/c1/typing";

        // Act
        var failures = new List<string>();
        foreach (var (ticket, shape, headerSafe) in shapes)
        {
            if (headerSafe)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path);
                request.Headers.TryAddWithoutValidation(TicketHeader, ticket);
                failures.AddRange(await CheckAsync(client, request, $"header, {shape}"));
            }

            using var query = new HttpRequestMessage(HttpMethod.Post, $"{path}?guest_ticket={Uri.EscapeDataString(ticket)}");
            failures.AddRange(await CheckAsync(client, query, $"query, {shape}"));
        }

        // Assert
        Assert.True(shapes.Count >= 30, $"only {shapes.Count} shapes");
        Assert.Empty(failures);
        Assert.Empty(await deployment.Simulator.Client.GetRecordsAsync(session: conversation));
    }

    private static async Task<IEnumerable<string>> CheckAsync(HttpClient client, HttpRequestMessage request, string shape)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var expected = new JsonObject
        {
            ["type"] = "urn:typinggateway:problem:guest-ticket",
            ["title"] = "Guest ticket rejected",
            ["status"] = 401,
            ["detail"] = "The guest ticket is malformed.",
            ["reason"] = "malformed",
        };
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(body) : null;
        return response.StatusCode == HttpStatusCode.Unauthorized && JsonNode.DeepEquals(expected, problem)
            ? []
            : [$"{shape}: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}"];
    }

    /// <summary>Malformed variants of a valid <paramref name="ticket"/>; the flag says whether a header can carry it (ASCII, no control characters).</summary>
    private static List<(string Ticket, string Shape, bool HeaderSafe)> Shapes(string ticket)
    {
        var parts = ticket.Split('.');
        string With(int index, string value) => string.Join('.', parts.Select((p, i) => i == index ? value : p));
        var signature = parts[4];
        var unusedBitsSet = signature[..^1] + Alphabet[Alphabet.IndexOf(signature[^1], StringComparison.Ordinal) | 0b11];

        var shapes = new List<(string, string, bool)>
        {
            (ticket[..^1], "valid ticket minus its last character", true),
            (ticket[..^2], "valid ticket minus its last two characters", true),
            (ticket[..^3], "valid ticket minus its last three characters", true),
            (ticket[..(ticket.Length / 2)], "valid ticket cut in half", true),
            ("v1", "version only", true),
            ("v1.dev", "two parts", true),
            (With(2, "AB"), "subject 'AB' (non-zero unused bits)", true),
            (With(4, "AB"), "signature 'AB'", true),
            (With(4, unusedBitsSet), "signature with its unused bits set", true),
            (With(2, parts[2] + "="), "subject with '=' padding", true),
            (With(4, signature + "="), "signature with '=' padding", true),
            (With(4, signature.Replace('-', '+').Replace('_', '/') + "+/"), "signature in standard base64", true),
            (ticket + ".", "trailing dot", true),
            ("." + ticket, "leading dot", true),
            (ticket.Replace(".", "..", StringComparison.Ordinal), "doubled dots", true),
            (ticket + "." + signature, "six parts", true),
            ("....", "five empty parts", true),
            (With(1, string.Empty), "empty key id", true),
            (With(2, string.Empty), "empty subject", true),
            (With(3, string.Empty), "empty expiry", true),
            (With(4, string.Empty), "empty signature", true),
            (With(0, "V1"), "version 'V1'", true),
            (With(3, "-1"), "negative expiry", true),
            (With(3, "1e9"), "expiry in exponent notation", true),
            (With(3, "99999999999999999999"), "expiry past Int64", true),
            (With(1, new string('k', 33)), "over-long key id", true),
            (ticket + new string('A', 1100), "over-long ticket", true),
            (With(2, new string('A', 400)), "over-long subject", true),
            ("%", "lone '%'", true),
            (With(2, "%"), "lone '%' as subject", true),
            (With(1, "d%v"), "'%' in key id", true),
            (With(2, "Y29u di0x"), "space inside the subject", true),
            (With(1, "d\u00e9v"), "non-ASCII key id", false),
            (With(4, "\u00e9" + signature[1..]), "non-ASCII signature", false),
            (With(2, "\uD83D"), "lone surrogate subject", false),
            (With(2, "Y29u\u0000di0x"), "NUL inside the subject", false),
        };
        return shapes;
    }
}
