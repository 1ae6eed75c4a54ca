using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// Stops the gateway sends itself on an HTTP typing route: exactly one per burst across instances,
/// retried through Polly on 429/5xx honouring Retry-After, dropped once stale, never sent after the guest's own end.
/// </summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class HttpTypingStopTests(RedisServerFixture redis) : IAsyncLifetime
{

    private ShippedDeployment _deployment = null!;
    private HttpClient[] _clients = [];

    private SimulatorServer Simulator => _deployment.Simulator;

    private GatewayCluster Gateways => _deployment.Gateways;

    public async Task InitializeAsync()
    {
        _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration, configure: config =>
        {
            var route = ProxyConfig.Route("echo", "/api/v1/idlechat/guests/{guestId}/typing");
            route["Transforms"] = new JsonArray(new JsonObject { ["PathPattern"] = "/echo/idlechat/guests/{guestId}/typing" });
            route["Metadata"] = new JsonObject { ["TypingProfile"] = "idlechat" };
            config.Write("zz-idlechat.json", new JsonObject
            {
                ["ReverseProxy"] = new JsonObject { ["Routes"] = new JsonObject { ["idlechat"] = route } },
                ["Typing"] = new JsonObject
                {
                    ["Profiles"] = new JsonObject
                    {
                        ["idlechat"] = new JsonObject
                        {
                            ["Kind"] = "Json",
                            ["Transport"] = "Http",
                            ["Path"] = "/typing",
                            ["StartValues"] = new JsonArray("true"),
                            ["StopValues"] = new JsonArray("false"),
                            ["MessageValues"] = new JsonArray("sent"),
                            ["Stop"] = "SynthesizeAfterIdle",
                            ["StopAfterIdle"] = "00:00:01",
                            ["StaleAfter"] = "00:00:03",
                            ["Key"] = new JsonArray("route:guestId"),
                        },
                    },
                },
            });
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
    public async Task BurstAcrossThreeInstancesWithoutStop_ExactlyOneStopSentUpstreamAfterIdle()
    {
        var guest = NewGuest();
        await TypeAsync(guest, keystrokes: 10);

        var records = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 2, TimeSpan.FromSeconds(5), session: guest);
        await Task.Delay(2000); // a second synthesized stop, from another instance, would have arrived by now

        records = await Simulator.Client.GetRecordsAsync(session: guest);
        Assert.Equal(["""{"typing":true}""", """{"typing":false}"""], records.Select(r => r.Text));
        Assert.All(records, r => Assert.Equal($"/echo/idlechat/guests/{guest}/typing?session={guest}", r.Path));
        Assert.Equal("application/json; charset=utf-8", records[1].Headers!["Content-Type"]);
        Assert.True(records[1].Time - records[0].Time >= TimeSpan.FromMilliseconds(1200), "the stop came before the guest was idle");
    }

    [Fact]
    public async Task UpstreamAnswers429WithRetryAfter_StopRetriedAfterTheGivenDelay()
    {
        var guest = NewGuest();
        await TypeAsync(guest, keystrokes: 3);
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: guest);
        await Simulator.Client.AddFaultAsync(new FaultSpec(Scope: FaultSpec.HttpScope, Count: 2, Status: 429, RetryAfterSeconds: 1));

        var records = await Simulator.Client.WaitForRecordsAsync(r => r.Any(x => x.Outcome == "accepted" && x.Text == """{"typing":false}"""), TimeSpan.FromSeconds(8), session: guest);
        await Simulator.Client.ClearFaultsAsync();

        var stops = records.Where(r => r.Text == """{"typing":false}""").ToList();
        Assert.Equal(["fault:429", "fault:429", "accepted"], stops.Select(r => r.Outcome));
        Assert.True(stops[1].Time - stops[0].Time >= TimeSpan.FromSeconds(0.95), $"retry after {(stops[1].Time - stops[0].Time).TotalMilliseconds} ms ignored Retry-After: 1");
        Assert.True(stops[2].Time - stops[1].Time >= TimeSpan.FromSeconds(0.95));
    }

    [Fact]
    public async Task UpstreamKeepsFailing_StopDroppedOnceStale_NeverDeliveredLate()
    {
        var guest = NewGuest();
        await TypeAsync(guest, keystrokes: 3);
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: guest);
        await Simulator.Client.AddFaultAsync(new FaultSpec(Scope: FaultSpec.HttpScope, Count: 1000, Status: 503, RetryAfterSeconds: 0));

        // Given up either way: the retries ran out (1312, the last answer) or the stale deadline passed (1311).
        // When exactly (at StaleAfter, with no attempt after it) is HttpTypingStopsTests' to assert, under fake time.
        await Wait.UntilAsync(
            () => Task.FromResult(Gateways.Instances.Any(g => g.Logs.Entries.Any(e => e.EventId.Id is 1311 or 1312))),
            TimeSpan.FromSeconds(30),
            "an instance gave up on the stop");
        var attemptsWhenGivenUp = (await Simulator.Client.GetRecordsAsync(session: guest)).Count(r => r.Text == """{"typing":false}""");
        await Simulator.Client.ClearFaultsAsync();
        await Task.Delay(1000); // a late retry would now be accepted

        var stops = (await Simulator.Client.GetRecordsAsync(session: guest)).Where(r => r.Text == """{"typing":false}""").ToList();
        Assert.Equal(attemptsWhenGivenUp, stops.Count); // nothing after giving up
        Assert.All(stops, r => Assert.Equal("fault:503", r.Outcome));
        Assert.InRange(stops.Count, 2, 5); // the first try plus at most 4 retries
        Assert.Equal(1, await Gateways.SumMetricAsync("typinggateway_typing_frames_total", ("profile", "idlechat"), ("result", "undelivered")));
        Assert.Equal(0, await Gateways.SumMetricAsync("typinggateway_typing_frames_total", ("profile", "idlechat"), ("result", "synthesized")));
    }

    [Fact]
    public async Task GuestEndsBurstItself_NoStopSynthesized()
    {
        var explicitStop = NewGuest();
        var message = NewGuest();
        await TypeAsync(explicitStop, keystrokes: 3);
        await TypeAsync(message, keystrokes: 3);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(_clients[1], explicitStop, "false"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(_clients[2], message, "\"sent\""));
        await Task.Delay(2000);

        Assert.Equal(["""{"typing":true}""", """{"typing":false}"""], (await Simulator.Client.GetRecordsAsync(session: explicitStop)).Select(r => r.Text));
        Assert.Equal(["""{"typing":true}""", """{"typing":"sent"}"""], (await Simulator.Client.GetRecordsAsync(session: message)).Select(r => r.Text));
    }

    private static string NewGuest() => "g-" + Guid.NewGuid().ToString("N")[..10];

    private async Task TypeAsync(string guest, int keystrokes)
    {
        for (var i = 0; i < keystrokes; i++)
        {
            var status = await PostAsync(_clients[i % 3], guest, "true");
            Assert.True(
                (i == 0 ? HttpStatusCode.OK : HttpStatusCode.Accepted) == status,
                $"keystroke {i}: {status}; " + string.Join(" | ", Gateways.Instances.SelectMany(g => g.Logs.Entries).Where(e => e.EventId.Id is >= 1100 and < 1300)));
            await Task.Delay(100);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string guest, string typing)
    {
        using var response = await client.PostAsync(
            $"/api/v1/idlechat/guests/{guest}/typing?session={guest}",
            new StringContent($$"""{"typing":{{typing}}}""", Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
