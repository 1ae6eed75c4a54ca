using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Credentials;

/// <summary>Without Redis each instance manages its own token; with Redis back, renewals are shared again.</summary>
public sealed partial class CredentialsTests
{
    private const int SharedCacheUnavailableEvent = 1504;
    private const int SharedCacheBackEvent = 1506;

    [Fact]
    public async Task Tokens_RedisStopped_EachInstanceRenewsItsOwn_RedisBack_SharedAgain()
    {
        // Arrange: both instances use the token the first one obtained.
        await using var deployment = await CredentialsDeployment.StartAsync(ledger, redis.Configuration, instances: 2,
            upstream: new JsonObject { ["ForcedRenewalInterval"] = "00:00:00" });
        var clients = Enumerable.Range(0, 2).Select(deployment.Client).ToArray();
        var conversation = NewId();
        Assert.All(await Task.WhenAll(clients.Select(c => SendAsync(c, deployment.Request(conversation)))), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Single(await deployment.TokenRequestsAsync());

        try
        {
            // Act 1: Redis stops and the token is revoked: each instance renews on its own and replays.
            await redis.StopAsync();
            await deployment.Simulator.Client.RevokeTokensAsync();
            var withoutRedis = new[] { await SendAsync(clients[0], deployment.Request(conversation)), await SendAsync(clients[1], deployment.Request(conversation)) };

            // Assert 1
            Assert.All(withoutRedis, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Equal(3, (await deployment.TokenRequestsAsync()).Count);
        }
        finally
        {
            await redis.RestartAsync();
        }

        // Act 2: Redis is back (reconnected without a restart); another revocation is renewed once for both.
        await Readiness.WaitForRedisAsync(clients);

        await deployment.Simulator.Client.RevokeTokensAsync();
        var withRedis = new[] { await SendAsync(clients[0], deployment.Request(conversation)), await SendAsync(clients[1], deployment.Request(conversation)) };

        // Assert 2
        Assert.All(withRedis, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(4, (await deployment.TokenRequestsAsync()).Count);
        Assert.True(await deployment.Gateways.SumMetricAsync("typinggateway_redis_fallbacks_total", ("feature", "tokens")) >= 2);

        // One outage: each instance reported the shared cache unavailable once and back once (design.md §4).
        foreach (var gateway in deployment.Gateways.Instances)
        {
            Assert.Equal(1, gateway.Logs.Entries.Count(e => e.EventId.Id == SharedCacheUnavailableEvent));
            Assert.Equal(1, gateway.Logs.Entries.Count(e => e.EventId.Id == SharedCacheBackEvent));
        }
    }
}
