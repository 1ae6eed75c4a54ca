using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// CXone chat through 3 gateway instances sharing one Redis deployment: one start and one end per burst, the figures
/// that depend on shared state (the tab set, the idle check, owed stops and invalidations across instances), run
/// against one Redis (<see cref="CxoneTypingTests"/>) and a Redis Cluster (<c>CxoneTypingClusterTests</c>) alike.
/// </summary>
public abstract class CxoneTypingScenarios : SharedRedisScenarios
{
    /// <summary>The safety-net stop of this class's deployment (shipped: 30 s), short so the tests can wait for it.</summary>
    protected static readonly TimeSpan StopAfterIdle = TimeSpan.FromSeconds(2);

    /// <summary>Settings of every instance of a CXone deployment: the short safety net.</summary>
    protected static Dictionary<string, string?> Settings => new() { ["Typing:Profiles:cxone-chat:StopAfterIdle"] = StopAfterIdle.ToString() };

    protected override Task<ShippedDeployment> StartAsync(string redisConfiguration) =>
        ShippedDeployment.StartAsync(3, redisConfiguration, settings: Settings);

    [SkippableFact]
    public async Task BurstOnThreeTabs_EndForwardedOnlyOnceEveryTabEnded()
    {
        var visitor = NewVisitor();
        await using var tabs = await OpenTabsAsync(visitor);

        for (var i = 0; i < 21; i++)
        {
            await tabs[i % 3].SendAsync(CxoneFrames.Started(visitor, i));
            await Task.Delay(50);
        }

        await tabs[0].SendAsync(CxoneFrames.Ended(visitor, 100));
        await tabs[1].SendAsync(CxoneFrames.Ended(visitor, 101));
        await Wait.UntilAsync(async () => await SuppressedAsync(Gateways[1]) >= 7 + 1, TimeSpan.FromSeconds(5), "instance 1 suppressed its tab's end");
        var whileTabTwoTypes = await TextsAsync(visitor, "cxone.SenderTypingEnded");
        await tabs[2].SendAsync(CxoneFrames.Ended(visitor, 102));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count >= 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingEnded");
        await Task.Delay(StopAfterIdle + TimeSpan.FromMilliseconds(500)); // nothing more may be synthesized

        Assert.Empty(whileTabTwoTypes); // never a stop while a tab of the guest is typing
        Assert.Equal([CxoneFrames.Started(visitor, 0)], await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        Assert.Equal([CxoneFrames.Ended(visitor, 102)], await TextsAsync(visitor, "cxone.SenderTypingEnded"));
    }

    [SkippableFact]
    public async Task BurstWithoutEnd_ExactlyOneEndSynthesizedAcrossThreeInstances()
    {
        var visitor = NewVisitor();
        await using var tabs = await OpenTabsAsync(visitor);

        for (var i = 0; i < 15; i++)
        {
            await tabs[i % 3].SendAsync(CxoneFrames.Started(visitor, i));
            await Task.Delay(60);
        }

        var ended = await Simulator.Client.WaitForRecordsAsync(r => r.Count >= 1, StopAfterIdle + TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingEnded");
        await Task.Delay(1500); // any duplicate from another instance would have arrived by now

        Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        var stop = JsonNode.Parse(Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingEnded"))!)!.AsObject();
        Assert.Equal("SenderTypingEnded", stop["payload"]!["eventType"]!.GetValue<string>());
        Assert.Equal(visitor, stop["payload"]!["visitor"]!["id"]!.GetValue<string>());
        Assert.True(Guid.TryParse(stop["eventId"]!.GetValue<string>(), out _));
        Assert.Single(ended);
    }

    [SkippableFact]
    public async Task TypingTabClosed_OtherTabOnAnotherInstance_GetsTheOwedStopAtOnce()
    {
        var visitor = NewVisitor();
        var typing = await ChatGuest.ConnectAsync(new Uri(Gateways[0].WebSocketAddress, CxoneFrames.Path(visitor)));
        await using var reading = await ChatGuest.ConnectAsync(new Uri(Gateways[1].WebSocketAddress, CxoneFrames.Path(visitor)));
        await reading.SendAsync(CxoneFrames.Event("MessageSeenByConsumer", visitor, 1)); // the reading tab is known as this guest
        await typing.SendAsync(CxoneFrames.Started(visitor, 2));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingStarted");

        var closedAt = DateTimeOffset.UtcNow;
        await typing.DisposeAsync();
        var ended = await Simulator.Client.WaitForRecordsAsync(r => r.Count >= 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingEnded");
        await Task.Delay(StopAfterIdle + TimeSpan.FromMilliseconds(500)); // no second stop from the safety net

        var stop = Assert.Single(await Simulator.Client.GetRecordsAsync(session: visitor, kind: "cxone.SenderTypingEnded"));
        Assert.True(stop.Time - closedAt < StopAfterIdle, $"the owed stop came {(stop.Time - closedAt).TotalMilliseconds} ms after the close, not at once");
        var frame = JsonNode.Parse(stop.Text!)!.AsObject();
        Assert.Equal("SenderTypingEnded", frame["payload"]!["eventType"]!.GetValue<string>());
        Assert.Equal("thread-" + visitor, frame["payload"]!["data"]!["thread"]!["idOnExternalPlatform"]!.GetValue<string>());
        Assert.Single(ended);
    }

    [SkippableFact]
    public async Task MessageEndsBurstWithoutStop_NextKeystrokeStartsNewBurstAtOnce()
    {
        var visitor = NewVisitor();
        await using var tabs = await OpenTabsAsync(visitor);

        // Each step waits until the previous one is observed: frames on different sockets race otherwise.
        await tabs[0].SendAsync(CxoneFrames.Started(visitor, 1));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingStarted");
        await tabs[1].SendAsync(CxoneFrames.Started(visitor, 2));
        await Wait.UntilAsync(
            async () => await SuppressedAsync(Gateways[1]) == 1, TimeSpan.FromSeconds(5), "instance 1 suppressed the second start");
        await tabs[2].SendAsync(CxoneFrames.Message(visitor, 3, "sent"));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SendMessage");
        await tabs[1].SendAsync(CxoneFrames.Started(visitor, 4));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 2, TimeSpan.FromSeconds(1), session: visitor, kind: "cxone.SenderTypingStarted");
        await Task.Delay(StopAfterIdle + TimeSpan.FromMilliseconds(800)); // past the safety net of the second burst

        Assert.Equal([CxoneFrames.Started(visitor, 1), CxoneFrames.Started(visitor, 4)], await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        // Only the second burst is ended (synthesized); the first was ended by the message itself.
        Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingEnded"));
        var sequence = (await Simulator.Client.GetRecordsAsync(session: visitor)).Select(r => r.Kind).Where(k => k != "cxone.close").ToList();
        Assert.Equal(["cxone.SenderTypingStarted", "cxone.SendMessage", "cxone.SenderTypingStarted", "cxone.SenderTypingEnded"], sequence);
    }

    protected static async Task<double> SuppressedAsync(GatewayHost gateway)
    {
        using var client = gateway.CreateClient();
        return PrometheusScrape.Sum(await client.GetStringAsync("/metrics"), "typinggateway_typing_frames_total", ("profile", "cxone-chat"), ("result", "suppressed"));
    }

    protected static string NewVisitor() => "v-" + Guid.NewGuid().ToString("N")[..12];

    protected async Task<TabSet> OpenTabsAsync(string visitor)
    {
        var tabs = new TabSet();
        for (var i = 0; i < 3; i++)
        {
            tabs.Add(await ChatGuest.ConnectAsync(new Uri(Gateways[i].WebSocketAddress, CxoneFrames.Path(visitor))));
        }

        return tabs;
    }

    protected async Task<List<string?>> TextsAsync(string visitor, string kind) =>
        [.. (await Simulator.Client.GetRecordsAsync(session: visitor, kind: kind)).Select(r => r.Text)];

    protected sealed class TabSet : List<ChatGuest>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var tab in this)
            {
                await tab.DisposeAsync();
            }
        }
    }
}
