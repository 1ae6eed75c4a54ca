using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>Guest tickets: a valid one passes; each kind of bad one gets 401 with its reason and nothing is forwarded.</summary>
public sealed partial class CredentialsTests
{
    [Fact]
    public async Task Ticket_Valid_Forwarded()
    {
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration);
        var conversation = NewId();

        using var response = await deployment.Client(1).SendAsync(deployment.Request(conversation));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal($$"""{"path":"/api/v2/conversations/{{conversation}}/messages","method":"GET"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("accepted", Assert.Single(await deployment.ApiCallsAsync(conversation)).Outcome);
    }

    [Fact]
    public async Task Ticket_Expired_401Expired() =>
        await AssertRejectedAsync(
            (deployment, conversation) => deployment.Ticket(conversation, TimeSpan.FromMinutes(-1)),
            "expired",
            "The guest ticket has expired; get a new ticket.");

    [Fact]
    public async Task Ticket_ForAnotherGuest_401WrongSubject() =>
        await AssertRejectedAsync(
            (deployment, _) => deployment.Ticket(NewId()),
            "wrong_subject",
            "The guest ticket was issued for another guest or conversation than the one this request acts on.");

    [Fact]
    public async Task Ticket_BadSignature_401BadSignature() =>
        await AssertRejectedAsync(
            (deployment, conversation) => Forge(deployment.Ticket(conversation)),
            "bad_signature",
            "The guest ticket's signature is not valid.");

    [Fact]
    public async Task Ticket_SignedWithAnotherKeyUnderTheRightKeyId_401BadSignature() =>
        await AssertRejectedAsync(
            (_, conversation) => Auth.GuestTicket.Mint("dev", Encoding.UTF8.GetBytes(new string('k', 44)), conversation, DateTimeOffset.UtcNow.AddHours(1)),
            "bad_signature",
            "The guest ticket's signature is not valid.");

    [Fact]
    public async Task Ticket_UnknownKeyId_401UnknownKey() =>
        await AssertRejectedAsync(
            (deployment, conversation) => Auth.GuestTicket.Mint("retired", deployment.Config.TicketKey, conversation, DateTimeOffset.UtcNow.AddHours(1)),
            "unknown_key",
            "The guest ticket names a signing key this gateway does not know (it may have been rotated out); get a new ticket.");

    [Fact]
    public async Task Ticket_Missing_401Missing() =>
        await AssertRejectedAsync(
            (_, _) => string.Empty,
            "missing",
            "This route requires a guest ticket: send it in the X-Guest-Ticket header or the guest_ticket query parameter.");

    [Fact]
    public async Task Ticket_InQueryParameter_AcceptedAndNotForwarded()
    {
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration, instances: 1);
        var conversation = NewId();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/credentialed/conversations/{conversation}/messages?pageSize=5&guest_ticket={deployment.Ticket(conversation)}");
        request.Headers.Add(CredentialsDeployment.SessionHeader, conversation);

        using var response = await deployment.Client(0).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(await deployment.ApiCallsAsync(conversation));
        Assert.Equal($"/api/v2/conversations/{conversation}/messages?pageSize=5", call.Path);
    }

    private async Task AssertRejectedAsync(Func<CredentialsDeployment, string, string> ticket, string reason, string detail)
    {
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration);
        var conversation = NewId();
        var request = deployment.Request(conversation, ticket: ticket(deployment, conversation));
        if (reason == "missing")
        {
            request.Headers.Remove(TicketHeader);
        }

        using var response = await deployment.Client(2).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("GuestTicket error=\"invalid_ticket\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var expected = new JsonObject
        {
            ["type"] = "urn:typinggateway:problem:guest-ticket",
            ["title"] = "Guest ticket rejected",
            ["status"] = 401,
            ["detail"] = detail,
            ["reason"] = reason,
        };
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);

        // Nothing forwarded, and no token even asked for.
        Assert.Empty(await deployment.ApiCallsAsync(conversation));
        Assert.Empty(await deployment.TokenRequestsAsync());
    }
}
