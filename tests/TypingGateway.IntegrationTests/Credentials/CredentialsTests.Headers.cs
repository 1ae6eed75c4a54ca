using System.Net;
using System.Net.Http.Headers;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>What reaches the upstream: the gateway's bearer instead of the client's on credential routes, the client's elsewhere.</summary>
public sealed partial class CredentialsTests
{
    private const string ClientBearer = "client-supplied-credential";

    [Fact]
    public async Task Authorization_OnCredentialRoute_ClientsReplacedByUpstreamToken_TicketNotForwarded()
    {
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration);
        var conversation = NewId();
        var request = deployment.Request(conversation, body: """{"text":"hi"}""");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ClientBearer);

        using var response = await deployment.Client(0).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(await deployment.ApiCallsAsync(conversation));
        Assert.Equal($"Bearer {Assert.Single(await deployment.Simulator.Client.GetIssuedTokensAsync())}", call.Headers!["Authorization"]);
        Assert.DoesNotContain(call.Headers!, h => h.Key.Equals(TicketHeader, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(response.Headers, h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Authorization_OnRoutesWithoutUpstream_ForwardedUnchanged()
    {
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration, instances: 1);
        var client = deployment.Client(0);
        var conversation = NewId();

        // The shipped genesys-rest route passes the platform API through: the client's own token goes upstream as sent.
        using var platform = new HttpRequestMessage(HttpMethod.Get, $"/api/v2/conversations/{conversation}/messages");
        platform.Headers.TryAddWithoutValidation("Authorization", $"Bearer {ClientBearer}");
        platform.Headers.Add(CredentialsDeployment.SessionHeader, conversation);
        using var platformResponse = await client.SendAsync(platform);

        using var echo = new HttpRequestMessage(HttpMethod.Post, $"/echo/auth?session={conversation}") { Content = new StringContent("x") };
        echo.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        using var echoResponse = await client.SendAsync(echo);

        // The simulator does not know the client's token: its 401 comes back as it sent it.
        Assert.Equal(HttpStatusCode.Unauthorized, platformResponse.StatusCode);
        Assert.Equal($"Bearer {ClientBearer}", Assert.Single(await deployment.ApiCallsAsync(conversation)).Headers!["Authorization"]);
        Assert.Equal(HttpStatusCode.OK, echoResponse.StatusCode);
        Assert.Equal("Basic dXNlcjpwYXNz", Assert.Single(await deployment.Simulator.Client.GetRecordsAsync(session: conversation, kind: "http.POST")).Headers!["Authorization"]);
        Assert.Empty(await deployment.TokenRequestsAsync());
    }
}
