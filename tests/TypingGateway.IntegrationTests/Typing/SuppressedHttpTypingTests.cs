using System.Diagnostics;
using System.Net;
using System.Text;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// Issue 15 item 4: suppressed HTTP typing on 3 instances sharing Redis costs no Redis round trip in steady state
/// (the typing near cache and leased rate-limit permits, <c>LeasePermits</c> 10 on the shipped <c>webchat-requests</c>),
/// while the collapse stays exact and the policy admits within its stated bound.
/// </summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class SuppressedHttpTypingTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private const string RoundTrips = "typinggateway_redis_round_trips_total";
    private const string Decisions = "typinggateway_ratelimit_decisions_total";
    private const int Lease = 10; // config/ratelimits.json: webchat-requests
    private static readonly string[] _typingOperations = ["typing.start", "typing.stop", "typing.message", "typing.idle", "typing.leave"];

    private ShippedDeployment _deployment = null!;
    private HttpClient[] _clients = [];

    private GatewayCluster Gateways => _deployment.Gateways;

    // A start interval longer than the test, so every request after a guest's first is inside its window whatever
    // the machine's load: the measured phase must find nothing but suppressed requests.
    public async Task InitializeAsync()
    {
        _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration, settings: new Dictionary<string, string?>
        {
            ["Typing:Profiles:webchat-http:StartInterval"] = "00:01:00",
        });
        _clients = [.. Gateways.Instances.Select(g => g.CreateClient())];
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
    public async Task TwoHundredSuppressedPostsOnThreeInstances_ZeroRedisRoundTrips_OneUpstreamStartPerGuest()
    {
        var guests = Enumerable.Range(0, 10).Select(_ => "g-" + Guid.NewGuid().ToString("N")[..10]).ToArray();

        // Warm-up: each guest's first start is forwarded; one more post per guest on every instance teaches that
        // instance the window (near cache) and leases it permits of the guest's budget.
        foreach (var guest in guests)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(_clients[0], guest));
            for (var i = 0; i < _clients.Length; i++)
            {
                Assert.Equal(HttpStatusCode.Accepted, await PostAsync(_clients[i], guest));
            }
        }

        var rateLimitBefore = await Gateways.SumMetricAsync(RoundTrips, ("operation", "ratelimit.acquire"));
        var typingBefore = await TypingRoundTripsAsync();
        var decisionsBefore = await Gateways.SumMetricAsync(Decisions, ("policy", "webchat-requests"));

        // 200 posts: 20 per guest, round-robin over the instances (7, 7 and 6 per guest and instance, within the 9
        // permits each instance still holds of each guest's lease of 10).
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 200; i++)
        {
            statuses.Add(await PostAsync(_clients[i % _clients.Length], guests[i % guests.Length]));
        }

        var rateLimitTrips = await Gateways.SumMetricAsync(RoundTrips, ("operation", "ratelimit.acquire")) - rateLimitBefore;
        var typingTrips = await TypingRoundTripsAsync() - typingBefore;
        var decisions = await Gateways.SumMetricAsync(Decisions, ("policy", "webchat-requests")) - decisionsBefore;
        output.WriteLine($"200 suppressed posts: {rateLimitTrips} rate-limit and {typingTrips} typing round trips, {decisions} rate-limit decisions");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.Equal(0, rateLimitTrips);
        Assert.Equal(0, typingTrips);
        Assert.Equal(200, decisions); // every decision counted, though none needed Redis

        // §3: one forwarded start per guest and start interval, across the instances.
        foreach (var guest in guests)
        {
            Assert.Single(await _deployment.Simulator.Client.GetRecordsAsync(session: guest));
        }
    }

    [Fact]
    public async Task OneGuestFloodingThreeInstances_AdmittedWithinBurstPlusRatePlusThreeTimesLeaseLessOne()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        var decisionsBefore = await Gateways.SumMetricAsync(Decisions, ("policy", "webchat-requests"));
        var statuses = new List<HttpStatusCode>();
        var clock = Stopwatch.StartNew();

        // As fast as one client goes, round-robin: far beyond 20/s.
        for (var i = 0; i < 300; i++)
        {
            statuses.Add(await PostAsync(_clients[i % _clients.Length], guest));
        }

        var elapsed = clock.Elapsed;
        var admitted = statuses.Count(s => s is HttpStatusCode.OK or HttpStatusCode.Accepted);
        var bound = 40 + (int)Math.Floor(20 * elapsed.TotalSeconds) + 1 + (_clients.Length * (Lease - 1));
        output.WriteLine($"300 posts in {elapsed.TotalMilliseconds:F0} ms: {admitted} admitted (bound {bound}), {statuses.Count(s => s == HttpStatusCode.TooManyRequests)} refused");

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests }));
        Assert.InRange(admitted, 40 - (_clients.Length * (Lease - 1)), bound);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(300, await Gateways.SumMetricAsync(Decisions, ("policy", "webchat-requests")) - decisionsBefore);

        // Refused or not, the platform saw one start.
        Assert.Single(await _deployment.Simulator.Client.GetRecordsAsync(session: guest));
    }

    private async Task<double> TypingRoundTripsAsync()
    {
        var total = 0.0;
        foreach (var operation in _typingOperations)
        {
            total += await Gateways.SumMetricAsync(RoundTrips, ("operation", operation));
        }

        return total;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string guest)
    {
        using var response = await client.PostAsync(
            $"/api/v1/webchat/guests/{guest}/typing?session={guest}",
            new StringContent("""{"typing":true}""", Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
