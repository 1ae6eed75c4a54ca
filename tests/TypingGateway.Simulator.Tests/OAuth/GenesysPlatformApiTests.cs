using System.Net;
using TypingGateway.Simulator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.Testing;
using static TypingGateway.Simulator.Tests.OAuth.OAuthTestClient;

namespace TypingGateway.Simulator.Tests.OAuth;

[Trait("Area", "Simulator")]
public sealed class GenesysPlatformApiTests : SimulatorTestBase
{
    private const string AuthFailed = """{"message":"Authentication failed.","code":"bad.credentials","status":401,"contextId":"<uuid>","details":[],"errors":[]}""";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private protected override TimeProvider? CreateTimeProvider() => _time;

    [Theory]
    [InlineData("GET", "api/v2/users/me", "/api/v2/users/me")]
    [InlineData("POST", "api/v2/conversations/messages/c-1/communications/m-1/messages", "/api/v2/conversations/messages/c-1/communications/m-1/messages")]
    [InlineData("PUT", "api/v2/routing/queues/q-1?expand=members", "/api/v2/routing/queues/q-1")]
    [InlineData("PATCH", "api/v2/conversations/c-1", "/api/v2/conversations/c-1")]
    [InlineData("DELETE", "api/v2/users/u-1", "/api/v2/users/u-1")]
    public async Task Api_ValidToken_Returns200WithPathAndMethod(string method, string target, string path)
    {
        var token = await GetTokenAsync(Http);

        using var response = await SendApiAsync(Http, new HttpMethod(method), target, "Bearer " + token, body: """{"a":1}""", session: "s-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal($$"""{"path":"{{path}}","method":"{{method}}"}""", body);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-rest.api"));
        Assert.Equal(("genesys-rest", "accepted", "s-1"), (record.Protocol, record.Outcome, record.Session));
        Assert.Equal((method, "/" + target, """{"a":1}"""), (record.Method, record.Path, record.Text));
        Assert.Equal("Bearer " + token, record.Headers!["Authorization"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-issued")]
    [InlineData("Bearer")]
    [InlineData("Basic c2ltLWNsaWVudDpzaW0tZXhhbXBsZS1zZWNyZXQ=")]
    public async Task Api_MissingOrBadToken_Returns401ErrorBody(string? authorization)
    {
        using var response = await SendApiAsync(Http, HttpMethod.Get, "api/v2/users/me", authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AuthFailed, FrameText.Normalize(await response.Content.ReadAsStringAsync()));
        var record = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-rest.api"));
        Assert.Equal(("genesys-rest", "rejected:401", null), (record.Protocol, record.Outcome, record.Session));
        Assert.Equal(authorization, record.Headers!.GetValueOrDefault("Authorization"));
    }

    [Fact]
    public async Task Api_ExpiredToken_Returns401()
    {
        await Sim.SetTokenLifetimeAsync(TimeSpan.FromSeconds(1));
        var token = await GetTokenAsync(Http);
        using (var live = await SendApiAsync(Http, HttpMethod.Get, "api/v2/users/me", "Bearer " + token))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        _time.Advance(TimeSpan.FromSeconds(1));

        using var expired = await SendApiAsync(Http, HttpMethod.Get, "api/v2/users/me", "Bearer " + token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(AuthFailed, FrameText.Normalize(await expired.Content.ReadAsStringAsync()));
        var records = await Sim.GetRecordsAsync(kind: "genesys-rest.api");
        Assert.Equal(["accepted", "rejected:401"], records.Select(r => r.Outcome));
    }

    [Fact]
    public async Task Api_RevokedToken_Returns401()
    {
        var token = await GetTokenAsync(Http);

        await Sim.RevokeTokensAsync();

        using var response = await SendApiAsync(Http, HttpMethod.Get, "api/v2/users/me", "Bearer " + token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TypingPath_PostGoesToTypingEndpoint_GetGoesToApi()
    {
        var token = await GetTokenAsync(Http);

        using var post = await PostTypingAsync(Http, "Bearer " + token);
        using var get = await SendApiAsync(Http, HttpMethod.Get, TypingPath, "Bearer " + token);

        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        Assert.Empty(await post.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal($$"""{"path":"/{{TypingPath}}","method":"GET"}""", await get.Content.ReadAsStringAsync());
        var records = (await Sim.GetRecordsAsync()).Where(r => r.Protocol == "genesys-rest");
        Assert.Equal([("genesys-rest.typing", "POST"), ("genesys-rest.api", "GET")], records.Select(r => (r.Kind, r.Method!)));
    }

    [Fact]
    public async Task Fault_OnApi_IsRecordedAsApiKind_AndOnTypingPostAsTypingKind()
    {
        var token = await GetTokenAsync(Http);
        await Sim.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Count: 3, Status: 503));

        using var api = await SendApiAsync(Http, HttpMethod.Get, "api/v2/users/me", "Bearer " + token, session: "s-2");
        using var typingGet = await SendApiAsync(Http, HttpMethod.Get, TypingPath, "Bearer " + token);
        using var typingPost = await PostTypingAsync(Http, "Bearer " + token);

        Assert.All([api, typingGet, typingPost], r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        var records = (await Sim.GetRecordsAsync()).Where(r => r.Protocol == "genesys-rest");
        Assert.Equal(
            [("genesys-rest.api", "fault:503", "s-2"), ("genesys-rest.api", "fault:503", null), ("genesys-rest.typing", "fault:503", "conv-1")],
            records.Select(r => (r.Kind, r.Outcome, r.Session)));
    }
}
