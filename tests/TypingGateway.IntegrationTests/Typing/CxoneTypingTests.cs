using TypingGateway.IntegrationTests.Infrastructure;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>CXone chat through 3 gateway instances sharing a real Redis; the shared-state figures are <see cref="CxoneTypingScenarios"/>.</summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class CxoneTypingTests(RedisServerFixture redis) : CxoneTypingScenarios
{
    protected override string RedisConfiguration => redis.Configuration;

    [Fact]
    public async Task TabClosedMidBurst_NewConnectionThreeSecondsLater_StartForwardedAtOnce()
    {
        var visitor = NewVisitor();
        var tab = await ChatGuest.ConnectAsync(new Uri(Gateways[0].WebSocketAddress, CxoneFrames.Path(visitor)));
        await tab.SendAsync(CxoneFrames.Started(visitor, 1));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingStarted");
        await tab.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));

        await using var next = await ChatGuest.ConnectAsync(new Uri(Gateways[1].WebSocketAddress, CxoneFrames.Path(visitor)));
        await next.SendAsync(CxoneFrames.Started(visitor, 2));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 2, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingStarted");
        await next.SendAsync(CxoneFrames.Ended(visitor, 3));
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingEnded");
        await Task.Delay(StopAfterIdle + TimeSpan.FromMilliseconds(500));

        Assert.Equal([CxoneFrames.Started(visitor, 1), CxoneFrames.Started(visitor, 2)], await TextsAsync(visitor, "cxone.SenderTypingStarted"));
        Assert.Equal([CxoneFrames.Ended(visitor, 3)], await TextsAsync(visitor, "cxone.SenderTypingEnded"));
    }

    [Fact]
    public async Task InstanceDiesMidBurst_GuestReconnectsElsewhere_ExactlyOneStopWithinStopAfterIdlePlusOneSecond()
    {
        var visitor = NewVisitor();
        await using var deployment = await ShippedDeployment.StartAsync(
            2, redis.Configuration, settings: Settings);
        var tab = await ChatGuest.ConnectAsync(new Uri(deployment.Gateways[0].WebSocketAddress, CxoneFrames.Path(visitor)));
        for (var i = 0; i < 5; i++)
        {
            await tab.SendAsync(CxoneFrames.Started(visitor, i));
            await Task.Delay(100);
        }

        await deployment.Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: visitor, kind: "cxone.SenderTypingStarted");
        var lastKey = DateTimeOffset.UtcNow;

        // Instance 0 dies: its Redis connection goes first, so nothing it does on the way down reaches Redis
        // (a killed process would not tell Redis that its tab closed either).
        await deployment.Gateways[0].KillAsync();
        await using var reconnected = await ChatGuest.ConnectAsync(new Uri(deployment.Gateways[1].WebSocketAddress, CxoneFrames.Path(visitor)));
        await reconnected.SendAsync(CxoneFrames.Event("MessageSeenByConsumer", visitor, 10)); // then idle

        await deployment.Simulator.Client.WaitForRecordsAsync(r => r.Count >= 1, StopAfterIdle + TimeSpan.FromSeconds(3), session: visitor, kind: "cxone.SenderTypingEnded");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var stop = Assert.Single(await deployment.Simulator.Client.GetRecordsAsync(session: visitor, kind: "cxone.SenderTypingEnded"));
        Assert.True(stop.Time - lastKey <= StopAfterIdle + TimeSpan.FromSeconds(1), $"stop {(stop.Time - lastKey).TotalMilliseconds} ms after the last keystroke");
        Assert.Single(await deployment.Simulator.Client.GetRecordsAsync(session: visitor, kind: "cxone.SenderTypingStarted"));
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
}
