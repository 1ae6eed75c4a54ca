using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>The token broker across 3 instances: one request at start, one refresh ahead of expiry, shared backoff, 401 renewal.</summary>
public sealed partial class CredentialsTests
{
    private const string InstanceHeader = "X-Test-Instance";

    [Fact]
    public async Task Tokens_300ConcurrentAtStartThenSteadyTraffic_OneTokenRequestThenExactlyOneRefresh_NoExpiredTokenUpstream()
    {
        // Arrange: 8 s tokens refreshed 4–4.5 s before expiry, i.e. 3.5–4 s after issue.
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration, tokenLifetimeSeconds: 8,
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
        output.WriteLine($"300 concurrent + {steady.Count} steady requests; token requests: {tokenRequests.Count}; refresh {refreshAfter.TotalSeconds:0.000} s after issue");

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

    [Fact]
    public async Task Tokens_TokenEndpointFailing_Clients503Problem_AttemptsBackoffSpaced_RecoversWhenBack()
    {
        // Arrange: backoff 0.5 s doubling to 2 s; every request to the simulator fails, and only token requests reach it.
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration,
            upstream: new JsonObject { ["FailureBackoff"] = "00:00:00.500", ["MaxFailureBackoff"] = "00:00:02" });
        var clients = Enumerable.Range(0, 3).Select(deployment.Client).ToArray();
        await deployment.Simulator.Client.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, Count: 10_000, Status: 503));
        var conversation = NewId();

        // Act 1: 5 s of requests over the three instances.
        var started = DateTimeOffset.UtcNow;
        var answers = new List<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        for (var i = 0; i < 400 && DateTimeOffset.UtcNow < started.AddSeconds(5); i++)
        {
            using var response = await clients[i % 3].SendAsync(deployment.Request(conversation));
            answers.Add((response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync()));
            await Task.Delay(25);
        }

        using var readiness = await clients[0].GetAsync("/health/ready");
        var readinessDuringOutage = await readiness.Content.ReadAsStringAsync();

        // Assert 1: every client got the documented 503; the token endpoint saw few attempts, spaced by the doubling backoff.
        Assert.All(answers, a => AssertTokenUnavailable(a.Status, a.RetryAfter, a.Body));
        var attempts = await deployment.TokenRequestsAsync();
        Assert.InRange(attempts.Count, 3, 6);
        Assert.All(attempts, a => Assert.Equal("fault:503", a.Outcome));
        for (var k = 1; k < attempts.Count; k++)
        {
            var backoff = TimeSpan.FromMilliseconds(Math.Min(2000, 500 * Math.Pow(2, k - 1)));
            Assert.True(attempts[k].Time - attempts[k - 1].Time >= backoff - TimeSpan.FromMilliseconds(20),
                $"attempt {k} came {(attempts[k].Time - attempts[k - 1].Time).TotalMilliseconds:0} ms after the previous one; the backoff was {backoff.TotalMilliseconds} ms");
        }

        output.WriteLine($"{answers.Count} requests answered 503; token attempts: {attempts.Count}; gaps (ms): "
            + string.Join(", ", attempts.Skip(1).Select((a, k) => (a.Time - attempts[k].Time).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal("Degraded", Readiness.CheckStatus(readinessDuringOutage, "upstream-tokens"));
        Assert.Empty(await deployment.ApiCallsAsync(conversation));

        // Act 2: the token endpoint is back.
        await deployment.Simulator.Client.ClearFaultsAsync();
        var recovered = new bool[3];
        for (var i = 0; i < 300 && !recovered.All(r => r); i++)
        {
            recovered[i % 3] |= await SendAsync(clients[i % 3], deployment.Request(conversation)) == HttpStatusCode.OK;
            await Task.Delay(25);
        }

        // Assert 2: all instances serve again, on the one token obtained after the outage.
        Assert.All(recovered, Assert.True);
        Assert.Equal(1, (await deployment.TokenRequestsAsync()).Count(r => r.Outcome == "issued"));
        using var healthy = await clients[0].GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", Readiness.CheckStatus(await healthy.Content.ReadAsStringAsync(), "upstream-tokens"));
    }

    [Fact]
    public async Task Tokens_UpstreamAnswers401Once_OneRenewalOneReplay_ClientSeesSuccess()
    {
        // Arrange: every instance holds the token; it is old enough (1 s) to be blamed for a 401; then it is revoked.
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration,
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

    private static void AssertTokenUnavailable(HttpStatusCode status, string? retryAfter, string body)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.NotNull(retryAfter);
        var seconds = int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 3);
        var expected = new JsonObject
        {
            ["type"] = "urn:typinggateway:problem:upstream-credentials-unavailable",
            ["title"] = "Upstream credentials unavailable",
            ["status"] = 503,
            ["detail"] = $"The gateway has no valid access token for this route's upstream right now, so the request was not forwarded. Retry after {seconds} s.",
            ["retryAfter"] = seconds,
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);
    }
}
