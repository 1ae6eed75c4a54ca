using System.Diagnostics;
using System.Net;
using System.Text;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>HTTP typing routes through 3 instances: suppressed requests are answered 202 without an upstream call.</summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class HttpTypingTests(RedisServerFixture redis) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    private GatewayCluster Gateways => _deployment.Gateways;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task HundredTypingPostsOverTenSecondsAcrossThreeInstances_ExactlyTwoUpstreamCalls()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        var clients = Gateways.Instances.Select(g => g.CreateClient()).ToArray();
        var statuses = new List<HttpStatusCode>();
        var clock = Stopwatch.StartNew();

        // 100 posts, 95 ms apart (9.4 s): with a 5 s start interval the §3 figure is 2.
        for (var i = 0; i < 100; i++)
        {
            var wait = TimeSpan.FromMilliseconds(95 * i) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            statuses.Add(await PostTypingAsync(clients[i % 3], guest, "true"));
        }

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));       // answered by the upstream
        Assert.Equal(98, statuses.Count(s => s == HttpStatusCode.Accepted)); // answered by the gateway
        var upstream = await Simulator.Client.GetRecordsAsync(session: guest);
        Assert.Equal(2, upstream.Count);
        Assert.All(upstream, r => Assert.Equal("""{"typing":true}""", r.Text));
        Assert.All(upstream, r => Assert.Equal($"/echo/webchat/guests/{guest}/typing?session={guest}", r.Path));

        // The explicit stop is forwarded once; a repeated one is not.
        Assert.Equal(HttpStatusCode.OK, await PostTypingAsync(clients[1], guest, "false"));
        Assert.Equal(HttpStatusCode.Accepted, await PostTypingAsync(clients[2], guest, "false"));
        Assert.Equal(3, (await Simulator.Client.GetRecordsAsync(session: guest)).Count);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task SuppressedResponse_Is202WithEmptyBody()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        using var client = Gateways[0].CreateClient();
        Assert.Equal(HttpStatusCode.OK, await PostTypingAsync(client, guest, "true"));

        using var response = await client.PostAsync($"/api/v1/webchat/guests/{guest}/typing?session={guest}", new StringContent("""{"typing":true}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task NonTypingBody_OnTypingRoute_PassesThroughUntouched()
    {
        var guest = "g-" + Guid.NewGuid().ToString("N")[..10];
        using var client = Gateways[0].CreateClient();
        const string body = """{"typing":"maybe","note":"not a typing value"}""";

        using var response = await client.PostAsync($"/api/v1/webchat/guests/{guest}/typing?session={guest}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(body, Assert.Single(await Simulator.Client.GetRecordsAsync(session: guest)).Text);
    }

    [Fact]
    public async Task GenesysAgentTyping_OnePerFiveSecondsReachesPlatformWithInjectedToken_RestAnswered202ByGateway()
    {
        var conversation = Guid.NewGuid().ToString();
        var path = $"/api/v2/conversations/messages/{conversation}/communications/comm-1/typing";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var client = Gateways[i % 3].CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("""{"typing":{"type":"On","duration":5000}}""", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Guest-Ticket", _deployment.Config.Ticket(conversation));
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        var reached = Assert.Single(await Simulator.Client.GetRecordsAsync(session: conversation, kind: "genesys-rest.typing"));
        Assert.Equal("accepted", reached.Outcome);
        Assert.StartsWith("Bearer ", reached.Headers!["Authorization"], StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> PostTypingAsync(HttpClient client, string guest, string typing)
    {
        using var response = await client.PostAsync(
            $"/api/v1/webchat/guests/{guest}/typing?session={guest}",
            new StringContent($$"""{"typing":{{typing}}}""", Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
