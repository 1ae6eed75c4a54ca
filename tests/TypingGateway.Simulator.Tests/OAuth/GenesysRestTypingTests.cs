using System.Net;
using TypingGateway.Simulator.Tests.Infrastructure;
using static TypingGateway.Simulator.Tests.OAuth.OAuthTestClient;

namespace TypingGateway.Simulator.Tests.OAuth;

[Trait("Area", "Simulator")]
public sealed class GenesysRestTypingTests : SimulatorTestBase
{
    private const string AuthFailed = """{"message":"Authentication failed.","code":"bad.credentials","status":401,"contextId":"<uuid>","details":[],"errors":[]}""";

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task Typing_ValidToken_Returns202WithEmptyBody(string scheme)
    {
        var token = await GetTokenAsync(Http);

        using var response = await PostTypingAsync(Http, scheme + " " + token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-rest.typing"));
        Assert.Equal(("genesys-rest", "conv-1", "accepted"), (record.Protocol, record.Session, record.Outcome));
        Assert.Equal(scheme + " " + token, record.Headers!["Authorization"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-issued")]
    [InlineData("Basic c2ltLWNsaWVudDpzaW0tZXhhbXBsZS1zZWNyZXQ=")]
    public async Task Typing_MissingOrBadToken_Returns401ErrorBody(string? authorization)
    {
        using var response = await PostTypingAsync(Http, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AuthFailed, FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        Assert.Equal("rejected:401", Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-rest.typing")).Outcome);
    }

    [Theory]
    [InlineData("""{"typing":{"type":"Off"}}""")]
    [InlineData("""{"dateSent":"2024-01-01T00:00:00.000Z"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Typing_InvalidBody_Returns400ErrorBody(string body)
    {
        var token = await GetTokenAsync(Http);

        using var response = await PostTypingAsync(Http, "Bearer " + token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"message":"Invalid typing event.","code":"bad.request","status":400,"contextId":"<uuid>","details":[],"errors":[]}""",
            FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        Assert.Equal("rejected:400", Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-rest.typing")).Outcome);
    }
}
