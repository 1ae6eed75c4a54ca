using System.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// Genesys Web Messaging through 3 gateway instances sharing one Redis deployment (design.md §3, issue 3): the figures
/// that depend on shared state, run against one Redis (<see cref="GenesysTypingTests"/>) and a Redis Cluster
/// (<c>GenesysTypingClusterTests</c>) alike.
/// </summary>
public abstract class GenesysTypingScenarios(ITestOutputHelper output) : SharedRedisScenarios
{
    protected static readonly TimeSpan Keystroke = TimeSpan.FromMilliseconds(100);

    protected ITestOutputHelper Output { get; } = output;

    protected override Task<ShippedDeployment> StartAsync(string redisConfiguration) =>
        ShippedDeployment.StartAsync(3, redisConfiguration, o => o.Genesys.EnableAgentReplies = false);

    [SkippableFact]
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

    [SkippableFact]
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
        Output.WriteLine($"redis round trips per typing frame: {trips} / {frames} = {trips / frames:0.000}");
        Assert.Equal(60, frames);
        Assert.True(trips / frames <= 0.2, $"{trips} Redis round trips for {frames} typing frames = {trips / frames:0.000} per frame");
        Assert.Equal(2, await TypingCountAsync(token)); // 6 s at a 5 s interval
    }

    protected static async Task TypeAsync(ChatGuest[] tabs, string token, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await Wait.UntilElapsedAsync(clock, Keystroke * i);
            await tabs[i % tabs.Length].SendAsync(GenesysFrames.Typing(token, i));
        }
    }

    protected async Task<int> TypingCountAsync(string token) =>
        (await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.typing")).Count;
}
