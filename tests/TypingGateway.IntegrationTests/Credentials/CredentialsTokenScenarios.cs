using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>
/// The token broker across 3 instances sharing one Redis deployment: one token request at start, exactly one refresh
/// ahead of expiry, one renewal and replay after a 401. Run against one Redis (<see cref="CredentialsTests"/>, whose
/// leak scan sees them) and a Redis Cluster (<c>CredentialsClusterTests</c>) alike.
/// </summary>
public abstract class CredentialsTokenScenarios
{
    private const string InstanceHeader = "X-Test-Instance";

    /// <summary>The StackExchange.Redis configuration string the instances share.</summary>
    protected abstract string RedisConfiguration { get; }

    /// <summary>Where responses, logs and secrets go.</summary>
    protected abstract SecretLedger Ledger { get; }

    protected abstract ITestOutputHelper Output { get; }

    [SkippableFact]
    public async Task Tokens_300ConcurrentAtStartThenSteadyTraffic_OneTokenRequestThenExactlyOneRefresh_NoExpiredTokenUpstream()
    {
        // Arrange: 8 s tokens refreshed 4–4.5 s before expiry, i.e. 3.5–4 s after issue.
        await using var deployment = await CredentialsDeployment.StartAsync(Ledger, RedisConfiguration, tokenLifetimeSeconds: 8,
            upstream: new JsonObject { ["RefreshMargin"] = "00:00:04", ["RefreshJitter"] = "00:00:00.500" });
        var clients = Enumerable.Range(0, 3).Select(deployment.Client).ToArray();
        var conversation = NewId();

        // Each call says which instance it went through, so the upstream's records can be read per instance.
        HttpRequestMessage Request(int instance)
        {
            var request = deployment.Request(conversation);
            request.Headers.Add(InstanceHeader, instance.ToString(CultureInfo.InvariantCulture));
            return request;
        }

        // Act 1: 300 requests at once, 100 per instance, before any instance has a token.
        var burst = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => SendAsync(clients[i % 3], Request(i % 3))));

        // Assert 1
        Assert.All(burst, status => Assert.Equal(HttpStatusCode.OK, status));
        var first = Assert.Single(await deployment.TokenRequestsAsync());

        // Act 2: traffic goes on until 6 s after the token was issued, past its refresh point and before the next one.
        var steady = new List<HttpStatusCode>();
        for (var i = 0; i < 600 && DateTimeOffset.UtcNow < first.Time.AddSeconds(6); i++)
        {
            steady.Add(await SendAsync(clients[i % 3], Request(i % 3)));
            await Task.Delay(20);
        }

        // Assert 2: one refresh across the three instances, before the token expired (the simulator answers an expired
        // token with 401); every call accepted upstream exactly once; each instance moved to the new token for good.
        // When the refresh happens (RefreshMargin, RefreshJitter) is asserted under fake time by UpstreamTokenTests and
        // UpstreamTokenSourceTests.GetAsync_FromRefreshAt_CurrentTokenAtOnceAndOneBackgroundRefresh; here it is only shown.
        Assert.All(steady, status => Assert.Equal(HttpStatusCode.OK, status));
        var tokenRequests = await deployment.TokenRequestsAsync();
        Assert.Equal(2, tokenRequests.Count);
        Assert.All(tokenRequests, r => Assert.Equal("issued", r.Outcome));
        var refreshAfter = tokenRequests[1].Time - first.Time;
        Output.WriteLine($"300 concurrent + {steady.Count} steady requests; token requests: {tokenRequests.Count}; refresh {refreshAfter.TotalSeconds:0.000} s after issue");

        var calls = await deployment.ApiCallsAsync(conversation);
        Assert.Equal(300 + steady.Count, calls.Count);
        Assert.All(calls, c => Assert.Equal("accepted", c.Outcome)); // the simulator rejects expired tokens with 401
        var issued = await deployment.Simulator.Client.GetIssuedTokensAsync();
        Assert.Equal(2, issued.Count);
        Assert.Equal(issued.Order(StringComparer.Ordinal), calls.Select(CredentialsDeployment.Bearer).Distinct().Order(StringComparer.Ordinal));
        for (var instance = 0; instance < 3; instance++)
        {
            var tag = instance.ToString(CultureInfo.InvariantCulture);
            var bearers = calls.Where(c => c.Headers![InstanceHeader] == tag).Select(CredentialsDeployment.Bearer).ToList();
            Assert.Equal(100 + steady.Count / 3 + (instance < steady.Count % 3 ? 1 : 0), bearers.Count);
            Assert.Equal(issued[1], bearers[^1]);
            Assert.DoesNotContain(issued[0], bearers.SkipWhile(b => b == issued[0])); // no going back once switched
        }
    }

    [SkippableFact]
    public async Task Tokens_UpstreamAnswers401Once_OneRenewalOneReplay_ClientSeesSuccess()
    {
        // Arrange: every instance holds the token; it is old enough (1 s) to be blamed for a 401; then it is revoked.
        await using var deployment = await CredentialsDeployment.StartAsync(Ledger, RedisConfiguration,
            upstream: new JsonObject { ["ForcedRenewalInterval"] = "00:00:01" });
        var clients = Enumerable.Range(0, 3).Select(deployment.Client).ToArray();
        var conversation = NewId();
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.OK, await SendAsync(client, deployment.Request(conversation)));
        }

        Assert.Single(await deployment.TokenRequestsAsync());
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await deployment.Simulator.Client.RevokeTokensAsync();
        var before = (await deployment.ApiCallsAsync(conversation)).Count;
        const string body = """{"text":"replayed byte for byte","n":1}""";

        // Act: a POST with a body through instance 0, then one through each other instance.
        using var response = await clients[0].SendAsync(deployment.Request(conversation, body: body));
        var others = new[] { await SendAsync(clients[1], deployment.Request(conversation, body: body)), await SendAsync(clients[2], deployment.Request(conversation, body: body)) };

        // Assert: the client saw the upstream's success; upstream saw the 401 and the replay, same body; one renewal in all.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""{"path":"/api/v2/conversations/{{conversation}}/messages","method":"POST"}""", await response.Content.ReadAsStringAsync());
        Assert.All(others, s => Assert.Equal(HttpStatusCode.OK, s));
        var calls = (await deployment.ApiCallsAsync(conversation)).Skip(before).ToList();
        Assert.Equal(["rejected:401", "accepted", "rejected:401", "accepted", "rejected:401", "accepted"], calls.Select(c => c.Outcome));
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        Assert.All(calls, c => Assert.Equal(sha, c.Sha256));
        var issued = await deployment.Simulator.Client.GetIssuedTokensAsync();
        Assert.Equal(2, issued.Count);
        Assert.Equal([issued[0], issued[1], issued[0], issued[1], issued[0], issued[1]], calls.Select(CredentialsDeployment.Bearer));
        Assert.Equal(3, await deployment.Gateways.SumMetricAsync("typinggateway_upstream_replays_total", ("upstream", "genesys")));
    }

    protected static string NewId() => Guid.NewGuid().ToString("N");

    protected static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
    }
}
