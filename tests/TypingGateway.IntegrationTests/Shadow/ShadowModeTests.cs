using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Shadow;

/// <summary>
/// Issue 14: a route in shadow (metadata <c>Mode: Shadow</c>) decides and counts as enforcing would, and forwards every
/// frame and request untouched. The same keystroke script runs on the shipped Genesys Web Messaging route in shadow and,
/// after the config file is edited (no restart), in enforce: shadow's platform gets every frame byte for byte and 429s
/// the eager guest; enforce's gets the collapsed cadence and rejects nothing; /metrics reports both, by mode.
/// </summary>
[Trait("Area", "Shadow")]
[Collection(RedisCollection.Name)]
public sealed class ShadowModeTests(RedisServerFixture redis, ITestOutputHelper output)
{
    private const string Route = "genesys-guest";
    private const int Keystrokes = 30;
    private static readonly TimeSpan _reloadTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SameKeystrokes_ShadowForwardsEveryFrame_CountsExactlyWhatEnforceSuppresses_SwitchedByEditingTheFile()
    {
        await using var simulator = await SimulatorServer.StartAsync(configure: o => o.Genesys.EnableAgentReplies = false);
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        WriteMode(config, "Shadow");
        await using var gateways = await GatewayCluster.StartAsync(config.Path, 1, redis.Configuration);

        // Shadow: 30 keystrokes at 10/s, then a message.
        var (shadowToken, shadowDeployment) = GenesysGuest.NewSession();
        await using var shadowTab = await GenesysGuest.OpenTabAsync(gateways[0], "/genesys", shadowToken, shadowDeployment);
        var shadowSent = await TypeThenSendAsync(shadowTab, shadowToken);
        var shadowRecords = await simulator.Client.WaitForRecordsAsync(r => r.Count(IsChat) == Keystrokes + 1, TimeSpan.FromSeconds(10), session: shadowToken);
        var shadowFrames = shadowRecords.Where(IsChat).ToList();

        // Every frame reached the platform as sent, in order (its text and the SHA-256 of its bytes).
        Assert.Equal(shadowSent, shadowFrames.Select(r => r.Text));
        Assert.Equal(shadowSent.Select(Sha256), shadowFrames.Select(r => r.Sha256));
        var shadowRejected = shadowFrames.Count(r => r.Outcome != "accepted");
        Assert.True(shadowRejected > 0, "an eager guest forwarded untouched exceeds the platform's 2 requests per second");
        await Wait.UntilAsync(
            async () => await Metric(gateways, "typinggateway_platform_rejections_total", "shadow") == shadowRejected,
            TimeSpan.FromSeconds(5),
            "the gateway counted every rejection the platform sent the shadow guest");
        var shadowSuppressed = await TypingMetric(gateways, "suppressed", "shadow");
        var shadowForwarded = await TypingMetric(gateways, "forwarded", "shadow");

        // The guest heard the platform's rejections and no answer of the gateway's (the gateway's would look the same: count them).
        await Wait.UntilAsync(
            () => Task.FromResult(shadowTab.Received.Count(f => f.Contains("TooManyRequestsErrorMessage", StringComparison.Ordinal)) == shadowRejected),
            TimeSpan.FromSeconds(5),
            "the shadow guest received exactly the platform's rejections");

        // Switch the route by editing the file; the running gateway applies it.
        var reloads = await gateways.SumMetricAsync("typinggateway_config_reloads_total", ("stage", "proxy"), ("result", "applied"));
        WriteMode(config, "Enforce");
        await Wait.UntilAsync(
            async () => await gateways.SumMetricAsync("typinggateway_config_reloads_total", ("stage", "proxy"), ("result", "applied")) > reloads,
            _reloadTimeout,
            "the edited config file was applied");

        // Enforce: the same script from a new guest.
        var (enforceToken, enforceDeployment) = GenesysGuest.NewSession();
        await using var enforceTab = await GenesysGuest.OpenTabAsync(gateways[0], "/genesys", enforceToken, enforceDeployment);
        var enforceSent = await TypeThenSendAsync(enforceTab, enforceToken);
        var enforceTexts = await simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(10), session: enforceToken, kind: "genesys.text");
        await Task.Delay(500); // nothing more arrives
        var enforceFrames = (await simulator.Client.GetRecordsAsync(session: enforceToken)).Where(IsChat).ToList();
        var enforceSuppressed = await TypingMetric(gateways, "suppressed", "enforce");
        var enforceForwarded = await TypingMetric(gateways, "forwarded", "enforce");

        output.WriteLine(
            $"shadow: {shadowFrames.Count} frames reached the platform, {shadowRejected} rejected (429), typing forwarded/suppressed by decision {shadowForwarded}/{shadowSuppressed}; " +
            $"enforce: {enforceFrames.Count} frames, {enforceFrames.Count(r => r.Outcome != "accepted")} rejected, typing forwarded/suppressed {enforceForwarded}/{enforceSuppressed}");

        // Shadow counted exactly what enforce suppressed (one start per 5 s: 1 of 30 keystrokes forwarded).
        Assert.Equal(Keystrokes - 1, enforceSuppressed);
        Assert.Equal(enforceSuppressed, shadowSuppressed);
        Assert.Equal(1, enforceForwarded);
        Assert.Equal(enforceForwarded, shadowForwarded);

        // Enforce: the collapsed cadence upstream, the message as sent, nothing rejected or counted as rejected.
        Assert.Equal([enforceSent[0], enforceSent[^1]], enforceFrames.Select(r => r.Text));
        Assert.Equal(enforceSent[^1], Assert.Single(enforceTexts).Text);
        Assert.All(enforceFrames, r => Assert.Equal("accepted", r.Outcome));
        Assert.Equal(0, await Metric(gateways, "typinggateway_platform_rejections_total", "enforce"));
        Assert.Equal(shadowRejected, await Metric(gateways, "typinggateway_platform_rejections_total", "shadow"));

        // The shadow guest's socket, still open, is enforced now too: a new burst of 5 keystrokes sends one start.
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // its message budget is whole again
        for (var k = 0; k < 5; k++)
        {
            await shadowTab.SendAsync(GenesysFrames.Typing(shadowToken, 1000 + k));
            await Task.Delay(100);
        }

        await Task.Delay(500);
        var afterSwitch = (await simulator.Client.GetRecordsAsync(session: shadowToken, kind: "genesys.typing")).Count - shadowSent.Count(f => f.Contains("\"Typing\"", StringComparison.Ordinal));
        Assert.Equal(1, afterSwitch);
        Assert.Equal(Keystrokes - 1 + 4, await TypingMetric(gateways, "suppressed", "enforce"));
    }

    [Fact]
    public async Task HttpTypingRoute_Shadow_EveryRequestReachesTheUpstream_SuppressionsAndUpstream429sCounted()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        WriteMode(config, "Shadow", route: "webchat-typing");

        // The route's request policy at 1 per second, burst 1: enforcing would answer the 2nd and 3rd request 429 itself.
        config.Write("zz-policy.json", new JsonObject
        {
            ["RateLimits"] = new JsonObject { ["Policies"] = new JsonObject { ["webchat-requests"] = new JsonObject { ["PermitsPerSecond"] = 1, ["Burst"] = 1, ["LeasePermits"] = 1 } } },
        });
        await using var gateways = await GatewayCluster.StartAsync(config.Path, 1, redis.Configuration);
        using var client = gateways[0].CreateClient();
        var guest = "g-" + Guid.NewGuid().ToString("N")[..8];

        // Three typing starts within the profile's 5 s interval, the third answered 429 by the upstream.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            if (i == 2)
            {
                await simulator.Client.AddFaultAsync(new FaultSpec(FaultSpec.HttpScope, 1, Status: 429, RetryAfterSeconds: 1));
            }

            using var response = await client.PostAsync($"/api/v1/webchat/guests/{guest}/typing", new StringContent("""{"typing":true}""", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
        }

        // Shadow: no 202 and no 429 from the gateway, every request reached the upstream; enforcing would have answered 2 of
        // them itself (202, collapsed) and rejected 2 over the request policy.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var records = await simulator.Client.GetRecordsAsync();
        Assert.Equal(3, records.Count(r => r.Path?.Contains($"/guests/{guest}/typing", StringComparison.Ordinal) == true));
        Assert.Equal(2, await gateways.SumMetricAsync("typinggateway_typing_frames_total", ("route", "webchat-typing"), ("result", "suppressed"), ("mode", "shadow")));
        Assert.Equal(1, await gateways.SumMetricAsync("typinggateway_typing_frames_total", ("route", "webchat-typing"), ("result", "forwarded"), ("mode", "shadow")));
        Assert.Equal(1, await gateways.SumMetricAsync("typinggateway_platform_rejections_total", ("route", "webchat-typing"), ("transport", "http"), ("mode", "shadow")));
        Assert.Equal(2, await gateways.SumMetricAsync(
            "typinggateway_ratelimit_decisions_total", ("policy", "webchat-requests"), ("transport", "http"), ("result", "rejected"), ("route", "webchat-typing"), ("mode", "shadow")));
        Assert.Equal(3, await gateways.SumMetricAsync("typinggateway_typing_upstream_duration_seconds_count", ("route", "webchat-typing"), ("mode", "shadow")));

        // The JSON summary: 3 events, all delivered in shadow but the one the upstream answered 429 (failed).
        using var summaryResponse = await client.GetAsync("/summary");
        Assert.Equal(HttpStatusCode.OK, summaryResponse.StatusCode);
        var summary = JsonNode.Parse(await summaryResponse.Content.ReadAsStringAsync())!.AsObject();
        output.WriteLine(summary.ToJsonString());
        Assert.Equal(3, (long)summary["totalEvents"]!);
        Assert.Equal(2, (long)summary["successfulDeliveries"]!);
        Assert.Equal(1, (long)summary["failedDeliveries"]!);
        Assert.Equal(1, (long)summary["platformRejections"]!);
        Assert.Equal(0, (long)summary["suppressedEvents"]!);
        Assert.True((double)summary["averageLatencyMs"]! > 0);
        foreach (var field in new[] { "retryCount", "activeSessions", "cachedTokens" })
        {
            Assert.Equal(JsonValueKind.Number, summary[field]!.GetValueKind());
        }
    }

    private static async Task<List<string>> TypeThenSendAsync(ChatGuest tab, string token)
    {
        var sent = new List<string>();
        for (var k = 0; k < Keystrokes; k++)
        {
            sent.Add(GenesysFrames.Typing(token, k));
            await tab.SendAsync(sent[^1]);
            await Task.Delay(100);
        }

        sent.Add(GenesysFrames.Text(token, "hello after typing", Keystrokes));
        await tab.SendAsync(sent[^1]);
        return sent;
    }

    private static bool IsChat(RecordedItem record) => record.Kind is "genesys.typing" or "genesys.text";

    private static Task<double> TypingMetric(GatewayCluster gateways, string result, string mode) =>
        gateways.SumMetricAsync("typinggateway_typing_frames_total", ("route", Route), ("signal", "start"), ("result", result), ("mode", mode));

    private static Task<double> Metric(GatewayCluster gateways, string name, string mode) =>
        gateways.SumMetricAsync(name, ("route", Route), ("mode", mode));

    private static void WriteMode(TestConfigDirectory config, string mode, string route = Route) =>
        config.Write("zz-mode.json", new JsonObject
        {
            ["ReverseProxy"] = new JsonObject { ["Routes"] = new JsonObject { [route] = new JsonObject { ["Metadata"] = new JsonObject { ["Mode"] = mode } } } },
        });

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
