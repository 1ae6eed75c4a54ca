using System.Net.WebSockets;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Lifecycle;

/// <summary>
/// Issue 13, design §7b: a guest WebSocket nobody uses is cut by its cluster's activity timeout (YARP's, 100 s by
/// default). On a route the gateway frames it ends with Close 1001 "idle timeout" shortly before, logged once at
/// Information without a stack trace; before, YARP reset both sides with no close frame and logged a warning with a
/// stack trace per socket. A route the gateway does not frame (no TypingProfile) still gets YARP's reset (README).
/// </summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "Lifecycle")]
public sealed class IdleSocketTests(RedisServerFixture redis, ITestOutputHelper output)
{
    private const int IdleClosedEvent = 1406;

    // Activity timeout 6 s on the echo cluster: the gateway closes a filtered socket after 3 s of silence.
    private static readonly TimeSpan _activityTimeout = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task IdleFilteredSocket_Close1001BeforeTheActivityTimeout_ActiveSocketKept_UnfilteredReset()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        config.Write("zz-activity-timeout.json", JsonNode.Parse($$"""
            { "ReverseProxy": { "Clusters": { "echo": { "HttpRequest": { "ActivityTimeout": "{{_activityTimeout}}" } } } } }
            """)!);
        await using var gateway = await GatewayHost.StartAsync(config.Path, new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        await using var idle = await ChatGuest.ConnectAsync(new Uri(gateway.WebSocketAddress, "/chat/echo?session=idle-filtered"));
        await using var active = await ChatGuest.ConnectAsync(new Uri(gateway.WebSocketAddress, "/chat/echo?session=active-filtered"));
        await using var unfiltered = await ChatGuest.ConnectAsync(new Uri(gateway.WebSocketAddress, "/ws/echo?session=idle-unfiltered"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var idleClosed = FirstCloseAsync(idle, watch);

        // Act: the active guest sends every second for 8 s; the other two say nothing.
        for (var i = 0; i < 8; i++)
        {
            await active.SendAsync($$"""{"type":"message","text":"still here {{i}}"}""");
            await Task.Delay(1000);
        }

        var idleClosedAt = await idleClosed;
        await Wait.UntilAsync(() => Task.FromResult(unfiltered.State != WebSocketState.Open), TimeSpan.FromSeconds(10), "YARP ends the unfiltered socket");
        output.WriteLine($"filtered idle socket: Close {idle.CloseStatus} \"{idle.CloseStatusDescription}\" (received by {idleClosedAt.TotalMilliseconds:0} ms); "
            + $"unfiltered: state {unfiltered.State}, close status {unfiltered.CloseStatus?.ToString() ?? "none"}");

        // Assert: the idle filtered guest got 1001 "idle timeout" before the activity timeout, and its answer reached the
        // upstream; the active one is open with every message echoed; the unfiltered one was reset without a close frame.
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, idle.CloseStatus);
        Assert.Equal("idle timeout", idle.CloseStatusDescription);
        Assert.True(idleClosedAt < _activityTimeout, $"closed {idleClosedAt.TotalMilliseconds:0} ms after it went idle");
        var upstreamClose = Assert.Single(await simulator.Client.GetRecordsAsync(session: "idle-filtered"), r => r.MessageType == "close");
        Assert.Equal(1001, upstreamClose.CloseStatus);
        Assert.Equal(WebSocketState.Open, active.State);
        Assert.Equal(8, active.Received.Count);
        Assert.Null(unfiltered.CloseStatus);

        // Logged once, at Information, without an exception; YARP logged nothing about the filtered socket's timeout.
        var idleLog = Assert.Single(gateway.Logs.Entries, e => e.EventId.Id == IdleClosedEvent);
        Assert.Equal(LogLevel.Information, idleLog.Level);
        Assert.Null(idleLog.Exception);
        var activityErrors = gateway.Logs.Entries.Where(e => e.Message.Contains("ActivityTimeout", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(activityErrors.Count <= 1, string.Join(Environment.NewLine, activityErrors)); // the unfiltered socket's, at most
    }

    private static async Task<TimeSpan> FirstCloseAsync(ChatGuest guest, System.Diagnostics.Stopwatch watch)
    {
        await Wait.UntilAsync(() => Task.FromResult(guest.CloseStatus is not null), TimeSpan.FromSeconds(15), "the idle guest receives a Close");
        return watch.Elapsed;
    }
}
