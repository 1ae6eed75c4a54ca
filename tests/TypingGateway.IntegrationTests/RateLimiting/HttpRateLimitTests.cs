using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.RateLimiting;

/// <summary>An HTTP route's <c>RateLimiterPolicy</c> enforced as one budget across 3 instances; Redis outages degrade to per-instance budgets.</summary>
[Trait("Area", "RateLimiting")]
[Collection(RedisCollection.Name)]
public sealed class HttpRateLimitTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;
    private HttpClient[] _clients = [];

    public async Task InitializeAsync()
    {
        _deployment = await RateLimitDeployment.StartAsync(redis.Configuration);
        _clients = [.. _deployment.Gateways.Instances.Select(g => g.CreateClient())];
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _deployment.DisposeAsync();
    }

    [Fact]
    public async Task OneGuestOnThreeInstances_ThreeTimesTheRateFor10s_AdmitsTheSharedBudget_RejectionsAre429Problems()
    {
        var guest = Guid.NewGuid().ToString("N");

        // 15 requests per second (3× the policy's 5/s) for 10 s, round-robin over the instances.
        var statuses = await SendAsync(guest, perSecond: 15, seconds: 10);

        // The budget is 5 + 10 s × 5/s = 55; per-instance limiters would admit about 3 × that.
        var admitted = statuses.Count(s => s.Status == HttpStatusCode.OK);
        output.WriteLine($"sent {statuses.Count}, admitted {admitted}");
        Assert.InRange(admitted, 50, 60);
        Assert.All(statuses, s => Assert.Contains(s.Status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Equal(admitted, (await _deployment.Simulator.Client.GetRecordsAsync(session: guest, kind: "http.GET")).Count);

        // A rejection in full. The budget refills one permit every 200 ms, so the first request after the run may
        // find a fresh permit; the next ones, sent at once, cannot all do so.
        HttpResponseMessage? rejected = null;
        for (var attempt = 0; attempt < 3 && rejected is null; attempt++)
        {
            var response = await _clients[1].GetAsync(Path(guest));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        using var _ = rejected;
        Assert.NotNull(rejected);
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var seconds = rejected.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Equal(1, seconds);
        Assert.Equal("\"http\";q=5;w=1", Assert.Single(rejected.Headers.GetValues("RateLimit-Policy")));
        Assert.Equal("\"http\";r=0;t=1", Assert.Single(rejected.Headers.GetValues("RateLimit")));
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType!.MediaType);
        var expected = new JsonObject
        {
            ["type"] = "urn:typinggateway:problem:rate-limited",
            ["title"] = "Too many requests",
            ["status"] = 429,
            ["detail"] = "Too many requests for this guest; retry after 1 s.",
            ["retryAfter"] = 1,
        };
        var body = await rejected.Content.ReadAsStringAsync();
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);
    }

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
            output.WriteLine($"Redis down: sent {statuses.Count}, admitted {admitted}");
            var unexpected = statuses.Where(s => s.Status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests)).ToList();
            Assert.True(unexpected.Count == 0, "not 200/429: " + string.Join(" | ", unexpected.Select(u => $"{(int)u.Status} {u.Body}")));

            // About 3 × (1 + 3.9 s × 5/3 /s) = 22 (burst 5/3 rounds down to 1); per-instance full budgets would admit about 75.
            Assert.InRange(admitted, 10, 30);
            Assert.True(await _deployment.Gateways.SumMetricAsync("typinggateway_redis_fallbacks_total", ("feature", "ratelimits")) > 0);
            using var passThrough = await _clients[0].PostAsync("/echo/unlimited", new StringContent("still here"));
            Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
            Assert.Equal("still here", await passThrough.Content.ReadAsStringAsync());
        }
        finally
        {
            await redis.RestartAsync();
        }

        await Readiness.WaitForRedisAsync(_clients);

        var shared = await SendAsync(Guid.NewGuid().ToString("N"), perSecond: 15, seconds: 4);
        var sharedAdmitted = shared.Count(s => s.Status == HttpStatusCode.OK);
        output.WriteLine($"Redis back: sent {shared.Count}, admitted {sharedAdmitted}");
        Assert.InRange(sharedAdmitted, 23, 27); // 5 + 4 s × 5/s = 25
    }

    private static string Path(string guest) => $"{RateLimitDeployment.HttpRoute}/{guest}?session={guest}";

    private async Task<List<(HttpStatusCode Status, string Body)>> SendAsync(string guest, int perSecond, int seconds)
    {
        var results = new List<(HttpStatusCode, string)>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < perSecond * seconds; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            using var response = await _clients[i % _clients.Length].GetAsync(Path(guest));
            results.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        return results;
    }
}
