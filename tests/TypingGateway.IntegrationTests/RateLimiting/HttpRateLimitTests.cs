using System.Net;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.RateLimiting;

/// <summary>An HTTP route's <c>RateLimiterPolicy</c> across 3 instances sharing Redis (the shared budget is <see cref="HttpRateLimitScenarios"/>); Redis outages degrade to per-instance budgets.</summary>
[Trait("Area", "RateLimiting")]
[Collection(RedisCollection.Name)]
public sealed class HttpRateLimitTests(RedisServerFixture redis, ITestOutputHelper output) : HttpRateLimitScenarios(output)
{
    protected override string RedisConfiguration => redis.Configuration;

    [Fact]
    public async Task RedisStopped_PerInstanceBudgets_NoErrors_PassThroughUnaffected_RedisBack_SharedAgain()
    {
        try
        {
            await redis.StopAsync();
            var guest = Guid.NewGuid().ToString("N");

            // Without Redis each instance enforces a third of the policy (InstanceCount 3): about the same total.
            var statuses = await SendAsync(guest, perSecond: 15, seconds: 4);
            var admitted = statuses.Count(s => s.Status == HttpStatusCode.OK);
            Output.WriteLine($"Redis down: sent {statuses.Count}, admitted {admitted}");
            var unexpected = statuses.Where(s => s.Status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests)).ToList();
            Assert.True(unexpected.Count == 0, "not 200/429: " + string.Join(" | ", unexpected.Select(u => $"{(int)u.Status} {u.Body}")));

            // About 3 × (1 + 3.9 s × 5/3 /s) = 22 (burst 5/3 rounds down to 1); per-instance full budgets would admit about 75.
            Assert.InRange(admitted, 10, 30);
            Assert.True(await Deployment.Gateways.SumMetricAsync("typinggateway_redis_fallbacks_total", ("feature", "ratelimits")) > 0);
            using var passThrough = await Clients[0].PostAsync("/echo/unlimited", new StringContent("still here"));
            Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
            Assert.Equal("still here", await passThrough.Content.ReadAsStringAsync());
        }
        finally
        {
            await redis.RestartAsync();
        }

        await Readiness.WaitForRedisAsync(Clients);

        var shared = await SendAsync(Guid.NewGuid().ToString("N"), perSecond: 15, seconds: 4);
        var sharedAdmitted = shared.Count(s => s.Status == HttpStatusCode.OK);
        Output.WriteLine($"Redis back: sent {shared.Count}, admitted {sharedAdmitted}");
        Assert.InRange(sharedAdmitted, 23, 27); // 5 + 4 s × 5/s = 25
    }
}
