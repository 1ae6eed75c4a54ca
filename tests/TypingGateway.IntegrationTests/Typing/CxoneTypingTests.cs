using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>CXone chat through 3 gateway instances sharing a real Redis: one start and one end per burst.</summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class CxoneTypingTests(RedisServerFixture redis) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    private GatewayCluster Gateways => _deployment.Gateways;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task BurstWithExplicitEnd_AcrossThreeInstances_OneStartedOneEnded()
    {
        var visitor = NewVisitor();
        await using var tabs = await OpenTabsAsync(visitor);

        for (var i = 0; i < 20; i++)
        {
            await tabs[i % 3].SendAsync(CxoneFrames.Started(visitor, i));
            await Task.Delay(50);
        }

        // Two Ends of the same burst on two instances at once (two tabs closing): either may win, only one passes.
        await Task.WhenAll(tabs[1].SendAsync(CxoneFrames.Ended(visitor, 100)), tabs[2].SendAsync(CxoneFrames.Ended(visitor, 101)));
        await Task.Delay(1500); // past StopAfterIdle: nothing more may be synthesized

        Assert.Equal([CxoneFrames.Started(visitor, 0)], await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        var ended = Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingEnded"));
        Assert.Contains(ended, new[] { CxoneFrames.Ended(visitor, 100), CxoneFrames.Ended(visitor, 101) });
    }

    [Fact]
    public async Task BurstWithoutEnd_ExactlyOneEndSynthesizedAcrossThreeInstances()
    {
        var visitor = NewVisitor();
        await using var tabs = await OpenTabsAsync(visitor);

        for (var i = 0; i < 15; i++)
        {
            await tabs[i % 3].SendAsync(CxoneFrames.Started(visitor, i));
            await Task.Delay(60);
        }

        var ended = await Simulator.Client.WaitForRecordsAsync(r => r.Count >= 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingEnded");
        await Task.Delay(1500); // any duplicate from another instance would have arrived by now

        Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        var stop = JsonNode.Parse(Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingEnded"))!)!.AsObject();
        Assert.Equal("SenderTypingEnded", stop["payload"]!["eventType"]!.GetValue<string>());
        Assert.Equal(visitor, stop["payload"]!["visitor"]!["id"]!.GetValue<string>());
        Assert.True(Guid.TryParse(stop["eventId"]!.GetValue<string>(), out _));
        Assert.Single(ended);
    }

    [Fact]
    public async Task EndWithoutForwardedStart_IsNotForwarded()
    {
        var visitor = NewVisitor();
        await using var tabs = await OpenTabsAsync(visitor);

        await tabs[0].SendAsync(CxoneFrames.Ended(visitor, 1));
        await tabs[0].SendAsync(CxoneFrames.Message(visitor, 2, "hello"));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SendMessage");

        Assert.Empty(await TextsAsync(visitor, "cxone.SenderTypingEnded"));
    }

    [Fact]
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
        await Task.Delay(1800); // past the idle time of the second burst

        Assert.Equal([CxoneFrames.Started(visitor, 1), CxoneFrames.Started(visitor, 4)], await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        // Only the second burst is ended (synthesized); the first was ended by the message itself.
        Assert.Single(await TextsAsync(visitor, "cxone.SenderTypingEnded"));
        var sequence = (await Simulator.Client.GetRecordsAsync(session: visitor)).Select(r => r.Kind).Where(k => k != "cxone.close").ToList();
        Assert.Equal(["cxone.SenderTypingStarted", "cxone.SendMessage", "cxone.SenderTypingStarted", "cxone.SenderTypingEnded"], sequence);
    }

    private static async Task<double> SuppressedAsync(GatewayHost gateway)
    {
        using var client = gateway.CreateClient();
        return PrometheusScrape.Sum(await client.GetStringAsync("/metrics"), "typinggateway_typing_frames_total", ("profile", "cxone-chat"), ("result", "suppressed"));
    }

    private static string NewVisitor() => "v-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<TabSet> OpenTabsAsync(string visitor)
    {
        var tabs = new TabSet();
        for (var i = 0; i < 3; i++)
        {
            tabs.Add(await ChatGuest.ConnectAsync(new Uri(Gateways[i].WebSocketAddress, CxoneFrames.Path(visitor))));
        }

        return tabs;
    }

    private async Task<List<string?>> TextsAsync(string visitor, string kind) =>
        [.. (await Simulator.Client.GetRecordsAsync(session: visitor, kind: kind)).Select(r => r.Text)];

    private sealed class TabSet : List<ChatGuest>, IAsyncDisposable
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
