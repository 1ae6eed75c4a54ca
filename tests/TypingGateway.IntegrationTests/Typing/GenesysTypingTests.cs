using System.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>Genesys Web Messaging through 3 gateway instances sharing a real Redis (design.md §3, issue 3).</summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class GenesysTypingTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan _keystroke = TimeSpan.FromMilliseconds(100);

    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    private GatewayCluster Gateways => _deployment.Gateways;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration, o => o.Genesys.EnableAgentReplies = false);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task TwoTabsOnTwoInstances_TenKeysPerSecondFor12s_ExactlyThreeTypingFramesThenMessagesResetAndPassUnchanged()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tabA = await GenesysGuest.OpenTabAsync(Gateways[0], "/genesys", token, deployment);
        await using var tabB = await GenesysGuest.OpenTabAsync(Gateways[1], "/genesys", token, deployment);

        // 120 keystrokes, alternating tabs (and so instances), no text: the §3 figure is ceil(12 / 5) = 3.
        await TypeAsync([tabA, tabB], token, count: 120);
        await Task.Delay(500);
        Assert.Equal(3, await TypingCountAsync(token));

        // A real message resets the burst: a keystroke after it, on the other instance, is forwarded, after the message,
        // well within the 5 s interval of the last forwarded start (suppressed without the reset). Not necessarily the
        // first keystroke: typing yields to messages in the guest's 2/s budget, so it goes once a message could still
        // follow at once (TypingYieldsToMessagesTests). That it is forwarded at once when the budget has room is asserted
        // under fake time: TypingCollapserTests.Genesys_MessageResetsBurst_NextKeystrokeForwardedAtOnce, and across
        // instances NearCacheTypingStateStoreTests.StartAsync_AfterMessageOnOtherInstanceAndInvalidation_ForwardsAtOnce.
        var texts = new List<string> { GenesysFrames.Text(token, "first message", 1) };
        await tabA.SendAsync(texts[0]);
        await tabA.WaitForAsync(f => f.Contains("\"direction\":\"Inbound\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var (_, afterMessage) = await GenesysGuest.TypeUntilForwardedAsync(tabB, Simulator.Client, token, typingCount: 4, firstKey: 1000, maxKeystrokes: 30);
        var upstream = await Simulator.Client.GetRecordsAsync(session: token);
        Assert.Equal(
            ["genesys.typing", "genesys.typing", "genesys.typing", "genesys.text", "genesys.typing"],
            upstream.Where(r => r.Kind is "genesys.typing" or "genesys.text").Select(r => r.Kind));
        Assert.Contains(upstream.Last(r => r.Kind == "genesys.typing").Text, afterMessage);

        // More messages (1.1 s apart: within the platform's own 2/s budget), from both tabs.
        for (var i = 2; i <= 3; i++)
        {
            await Task.Delay(1100);
            texts.Add(GenesysFrames.Text(token, $"message {i} \\u00e9\\u2713", i));
            await (i % 2 == 0 ? tabB : tabA).SendAsync(texts[^1]);
        }

        var received = await Simulator.Client.WaitForRecordsAsync(r => r.Count == texts.Count, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");
        Assert.Equal(texts, received.Select(r => r.Text));
        Assert.All(received, r => Assert.Equal("accepted", r.Outcome));
        Assert.DoesNotContain(tabA.Received.Concat(tabB.Received), f => f.Contains("TooManyRequestsErrorMessage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeystrokeScript_DirectToPlatformGetsMessagesRejected_ThroughGatewayNone()
    {
        var (directToken, deployment) = GenesysGuest.NewSession();
        var (gatewayToken, _) = GenesysGuest.NewSession();
        var simulatorWs = new UriBuilder(Simulator.BaseAddress) { Scheme = "ws", Path = "/v1", Query = $"deploymentId={deployment}" }.Uri;
        await using var direct = await ChatGuest.ConnectAsync(simulatorWs);
        await direct.SendAsync(GenesysFrames.ConfigureSession(directToken, deployment));
        await using var tab = await GenesysGuest.OpenTabAsync(Gateways[2], "/genesys", gatewayToken, deployment);

        // 6 s of typing at 10 keys/s with a message at 0.55 s, 2.55 s and 4.55 s, sent both ways at once.
        await Task.WhenAll(RunScriptAsync(direct, directToken), RunScriptAsync(tab, gatewayToken));

        var directTexts = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 3, TimeSpan.FromSeconds(5), session: directToken, kind: "genesys.text");
        var gatewayTexts = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 3, TimeSpan.FromSeconds(5), session: gatewayToken, kind: "genesys.text");
        // Straight to the platform the keystrokes use up the 2/s budget (how often a message finds it full
        // depends on send timing, so at least 2 of 3); through the gateway every message gets through.
        Assert.InRange(directTexts.Count(r => r.Outcome == "rejected:429"), 2, 3);
        Assert.All(gatewayTexts, r => Assert.Equal("accepted", r.Outcome));
        Assert.Contains(direct.Received, f => f.Contains("\"class\":\"TooManyRequestsErrorMessage\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TenKeysPerSecond_RedisRoundTripsPerTypingFrame_AtMostPointTwo()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tabA = await GenesysGuest.OpenTabAsync(Gateways[0], "/genesys", token, deployment);
        await using var tabB = await GenesysGuest.OpenTabAsync(Gateways[1], "/genesys", token, deployment);
        await using var tabC = await GenesysGuest.OpenTabAsync(Gateways[2], "/genesys", token, deployment);
        var tripsBefore = await Gateways.SumMetricAsync("typinggateway_redis_round_trips_total");
        var framesBefore = await Gateways.SumMetricAsync("typinggateway_typing_frames_total", ("result", "received"));

        await TypeAsync([tabA, tabB, tabC], token, count: 60);

        var frames = await Gateways.SumMetricAsync("typinggateway_typing_frames_total", ("result", "received")) - framesBefore;
        var trips = await Gateways.SumMetricAsync("typinggateway_redis_round_trips_total") - tripsBefore;
        output.WriteLine($"redis round trips per typing frame: {trips} / {frames} = {trips / frames:0.000}");
        Assert.Equal(60, frames);
        Assert.True(trips / frames <= 0.2, $"{trips} Redis round trips for {frames} typing frames = {trips / frames:0.000} per frame");
        Assert.Equal(2, await TypingCountAsync(token)); // 6 s at a 5 s interval
    }

    [Fact]
    public async Task LongestGuestMessage_IsInspectedAndResetsTheBurst()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Gateways[0], "/genesys", token, deployment);
        await tab.SendAsync(GenesysFrames.Typing(token, 1));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: token, kind: "genesys.typing");

        // 4,000 characters (the platform's limit) of 3-byte UTF-8: about 12 KB, above the old 8 KiB limit.
        var text = GenesysFrames.Text(token, new string('界', 4000), 1);
        await tab.SendAsync(text);
        var received = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");

        Assert.Equal(text, received[0].Text);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) > 12_000);

        // The burst was reset: a start goes within the 5 s interval of the first (once the message budget has room for it).
        var (keystrokes, _) = await GenesysGuest.TypeUntilForwardedAsync(tab, Simulator.Client, token, typingCount: 2, firstKey: 2, maxKeystrokes: 35);
        output.WriteLine($"start after the message went with keystroke {keystrokes}");
    }

    private static async Task TypeAsync(ChatGuest[] tabs, string token, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await Wait.UntilElapsedAsync(clock, _keystroke * i);
            await tabs[i % tabs.Length].SendAsync(GenesysFrames.Typing(token, i));
        }
    }

    private static async Task RunScriptAsync(ChatGuest tab, string token)
    {
        var clock = Stopwatch.StartNew();
        var texts = 0;
        for (var i = 0; i < 60; i++)
        {
            await Wait.UntilElapsedAsync(clock, _keystroke * i);
            await tab.SendAsync(GenesysFrames.Typing(token, i));
            if (i % 20 == 5)
            {
                await Wait.UntilElapsedAsync(clock, (_keystroke * i) + TimeSpan.FromMilliseconds(50));
                await tab.SendAsync(GenesysFrames.Text(token, "are you there?", ++texts));
            }
        }
    }

    private async Task<int> TypingCountAsync(string token) =>
        (await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.typing")).Count;
}
