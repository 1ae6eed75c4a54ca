using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using System.Net;
using System.Text.RegularExpressions;
using TypingGateway.Simulator.Tests.Infrastructure;
using static TypingGateway.Simulator.Tests.OAuth.OAuthTestClient;

namespace TypingGateway.Simulator.Tests.OAuth;

[Trait("Area", "Simulator")]
public sealed partial class OAuthTokenTests : SimulatorTestBase
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private protected override TimeProvider? CreateTimeProvider() => _time;

    [Fact]
    public async Task Token_BasicAuth_IssuesBearerToken()
    {
        using var response = await RequestTokenAsync(Http);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Matches(TokenBody(), body);
        Assert.EndsWith("\"token_type\":\"bearer\",\"expires_in\":3600}", body, StringComparison.Ordinal);
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "oauth.token"));
        Assert.Equal(("oauth", "issued", "POST", "/oauth/token"), (record.Protocol, record.Outcome, record.Method, record.Path));
        Assert.Equal("grant_type=client_credentials", record.Text);
    }

    [Fact]
    public async Task Token_FormCredentials_IssuesBearerToken()
    {
        using var content = new FormUrlEncodedContent([
            new("grant_type", "client_credentials"), new("client_id", "sim-client"), new("client_secret", "sim-example-secret")]);
        using var response = await Http.PostAsync(new Uri("oauth/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(TokenBody(), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("sim-client", "wrong")]
    [InlineData("other", "sim-example-secret")]
    public async Task Token_BadCredentials_Returns401InvalidClient(string clientId, string secret)
    {
        using var response = await RequestTokenAsync(Http, clientId, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"invalid_client","error_description":"Client authentication failed."}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("rejected:401", Assert.Single(await Sim.GetRecordsAsync()).Outcome);
    }

    [Fact]
    public async Task Token_MissingCredentials_Returns401()
    {
        using var content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]);
        using var response = await Http.PostAsync(new Uri("oauth/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_WrongGrant_Returns400UnsupportedGrantType()
    {
        using var response = await RequestTokenAsync(Http, grant: "password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"error":"unsupported_grant_type","error_description":"Only client_credentials is supported."}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("rejected:400", Assert.Single(await Sim.GetRecordsAsync()).Outcome);
    }

    [Fact]
    public async Task Token_ExpiresAfterItsLifetime()
    {
        var token = await GetTokenAsync(Http);

        _time.Advance(TimeSpan.FromSeconds(3599));
        using (var stillValid = await PostTypingAsync(Http, "Bearer " + token))
        {
            Assert.Equal(HttpStatusCode.Accepted, stillValid.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await PostTypingAsync(Http, "Bearer " + token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task SetTokenLifetime_AppliesToTokensIssuedAfterwards()
    {
        var before = await GetTokenAsync(Http);
        await Sim.SetTokenLifetimeAsync(TimeSpan.FromSeconds(60));
        using var response = await RequestTokenAsync(Http);
        Assert.EndsWith("\"expires_in\":60}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await GetTokenAsync(Http);

        _time.Advance(TimeSpan.FromSeconds(60));

        using var oldToken = await PostTypingAsync(Http, "Bearer " + before);
        using var newToken = await PostTypingAsync(Http, "Bearer " + after);
        Assert.Equal(HttpStatusCode.Accepted, oldToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newToken.StatusCode);
    }

    [Fact]
    public async Task RevokeTokens_InvalidatesEveryIssuedToken()
    {
        var token = await GetTokenAsync(Http);

        await Sim.RevokeTokensAsync();

        using var response = await PostTypingAsync(Http, "Bearer " + token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var fresh = await PostTypingAsync(Http, "Bearer " + await GetTokenAsync(Http));
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
    }

    [Fact]
    public async Task Token_Fault503_IsRecordedAsTokenRequestWithItsTime()
    {
        var start = _time.GetUtcNow();
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Count: 2, Status: 503, RetryAfterSeconds: 1));

        using (var first = await RequestTokenAsync(Http))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        using (var second = await RequestTokenAsync(Http))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(2.5));
        using var third = await RequestTokenAsync(Http);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var records = await Sim.GetRecordsAsync(kind: "oauth.token");
        Assert.Equal(
            [("oauth", "fault:503", start), ("oauth", "fault:503", start.AddSeconds(1)), ("oauth", "issued", start.AddSeconds(3.5))],
            records.Select(r => (r.Protocol, r.Outcome, r.Time)));
        Assert.All(records, r => Assert.Equal(("POST", "/oauth/token"), (r.Method, r.Path)));
    }

    [GeneratedRegex("""^\{"access_token":"[A-Za-z0-9_-]{43}","token_type":"bearer","expires_in":\d+\}$""")]
    private static partial Regex TokenBody();
}
