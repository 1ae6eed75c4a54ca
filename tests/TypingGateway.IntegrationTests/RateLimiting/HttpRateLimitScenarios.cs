using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.RateLimiting;

/// <summary>
/// An HTTP route's <c>RateLimiterPolicy</c> enforced as one budget across 3 instances sharing one Redis deployment,
/// run against one Redis (<see cref="HttpRateLimitTests"/>) and a Redis Cluster (<c>HttpRateLimitClusterTests</c>) alike.
/// </summary>
public abstract class HttpRateLimitScenarios(ITestOutputHelper output) : SharedRedisScenarios
{
    private HttpClient[] _clients = [];

    protected ITestOutputHelper Output { get; } = output;

    protected IReadOnlyList<HttpClient> Clients => _clients;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _clients = [.. Gateways.Instances.Select(g => g.CreateClient())];
    }

    public override async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await base.DisposeAsync();
    }

    protected override Task<ShippedDeployment> StartAsync(string redisConfiguration) => RateLimitDeployment.StartAsync(redisConfiguration);

    [SkippableFact]
    public async Task OneGuestOnThreeInstances_ThreeTimesTheRateFor10s_AdmitsTheSharedBudget_RejectionsAre429Problems()
    {
        var guest = Guid.NewGuid().ToString("N");

        // 15 requests per second (3× the policy's 5/s) for 10 s, round-robin over the instances.
        var statuses = await SendAsync(guest, perSecond: 15, seconds: 10);

        // The budget is 5 + 10 s × 5/s = 55; per-instance limiters would admit about 3 × that.
        var admitted = statuses.Count(s => s.Status == HttpStatusCode.OK);
        Output.WriteLine($"sent {statuses.Count}, admitted {admitted}");
        Assert.InRange(admitted, 50, 60);
        Assert.All(statuses, s => Assert.Contains(s.Status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Equal(admitted, (await Deployment.Simulator.Client.GetRecordsAsync(session: guest, kind: "http.GET")).Count);

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

    protected static string Path(string guest) => $"{RateLimitDeployment.HttpRoute}/{guest}?session={guest}";

    protected async Task<List<(HttpStatusCode Status, string Body)>> SendAsync(string guest, int perSecond, int seconds)
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
