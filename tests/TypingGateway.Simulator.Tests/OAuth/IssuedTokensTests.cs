using System.Net;
using TypingGateway.Simulator.Tests.Infrastructure;
using static TypingGateway.Simulator.Tests.OAuth.OAuthTestClient;

namespace TypingGateway.Simulator.Tests.OAuth;

[Trait("Area", "Simulator")]
public sealed class IssuedTokensTests : SimulatorTestBase
{
    [Fact]
    public async Task GetIssuedTokens_NoneIssued_IsEmpty()
    {
        Assert.Empty(await Sim.GetIssuedTokensAsync());
    }

    [Fact]
    public async Task GetIssuedTokens_ListsEveryIssuedTokenInOrder_NotRejectedRequests()
    {
        var first = await GetTokenAsync(Http);
        using (var rejected = await RequestTokenAsync(Http, secret: "wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }

        var second = await GetTokenAsync(Http);

        Assert.Equal([first, second], await Sim.GetIssuedTokensAsync());
    }

    [Fact]
    public async Task GetIssuedTokens_KeepsRevokedAndExpiredTokens()
    {
        // A lifetime of 0 issues tokens that are expired at once.
        await Sim.SetTokenLifetimeAsync(TimeSpan.Zero);
        var expired = await GetTokenAsync(Http);
        using (var rejected = await SendApiAsync(Http, HttpMethod.Get, "api/v2/users/me", "Bearer " + expired))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        }

        await Sim.SetTokenLifetimeAsync(TimeSpan.FromHours(1));
        var revoked = await GetTokenAsync(Http);

        await Sim.RevokeTokensAsync();

        Assert.Equal([expired, revoked], await Sim.GetIssuedTokensAsync());
    }

    [Fact]
    public async Task GetIssuedTokens_ClearedByReset()
    {
        await GetTokenAsync(Http);

        await Sim.ResetAsync();
        var afterReset = await GetTokenAsync(Http);

        Assert.Equal([afterReset], await Sim.GetIssuedTokensAsync());
    }

    [Fact]
    public async Task TokensEndpoint_ReturnsJsonTokensArray()
    {
        var token = await GetTokenAsync(Http);

        var body = await Http.GetStringAsync(new Uri("_sim/oauth/tokens", UriKind.Relative));

        Assert.Equal($$"""{"tokens":["{{token}}"]}""", body);
    }
}
