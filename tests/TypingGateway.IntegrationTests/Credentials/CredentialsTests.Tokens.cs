using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>The token broker across 3 instances: shared backoff (one token request at start, one refresh, 401 renewal: <see cref="CredentialsTokenScenarios"/>).</summary>
public sealed partial class CredentialsTests
{
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
