using System.Diagnostics;
using System.Net.WebSockets;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.RateLimiting;

/// <summary>Per-guest message limits on Genesys guest WebSockets across 3 instances sharing Redis (design §6); the shared budget is <see cref="WebSocketRateLimitScenarios"/>.</summary>
[Trait("Area", "RateLimiting")]
[Collection(RedisCollection.Name)]
public sealed class WebSocketRateLimitTests(RedisServerFixture redis, ITestOutputHelper output) : WebSocketRateLimitScenarios(output)
{
    private const string TooManyRequests =
        """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":1,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""";

    private const string MessageTooLong = """{"type":"response","class":"string","code":4011,"body":"message too long"}""";

    protected override string RedisConfiguration => redis.Configuration;

    [Fact]
    public async Task OverTheLimit_GenesysTooManyRequestsFrame_StaysOpen_AcceptedAgainAfterTheWindow()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Deployment.Gateways[0], RateLimitDeployment.RejectRoute, token, deployment);

        // Burst of 2, then a third at once: over the limit.
        for (var i = 1; i <= 3; i++)
        {
            await tab.SendAsync(GenesysFrames.Text(token, $"quick {i}", i));
        }

        var rejection = await tab.WaitForAsync(f => f.Contains("TooManyRequestsErrorMessage", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(TooManyRequests, rejection);
        Assert.Equal(WebSocketState.Open, tab.State);
        await Simulator.Client.WaitForRecordsAsync(r => r.Count == 2, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");

        // After the window a message goes through again, on the same socket.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var again = GenesysFrames.Text(token, "after the window", 4);
        await tab.SendAsync(again);
        var received = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 3, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");
        Assert.Equal(again, received[^1].Text);
        Assert.DoesNotContain(received, r => r.Text!.Contains("quick 3", StringComparison.Ordinal));
        Assert.Equal(WebSocketState.Open, tab.State);
    }

    [Fact]
    public async Task SustainedAbuse_ClosedWith1008()
    {
        // 1/s with a burst of 1: the allowance in 10 s is 11; more than 3 × 11 frames close the socket.
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Deployment.Gateways[1], RateLimitDeployment.AbuseRoute, token, deployment);

        for (var i = 0; i < 40 && tab.State == WebSocketState.Open; i++)
        {
            await tab.SendAsync(GenesysFrames.Text(token, $"spam {i}", i));
        }

        await Wait.UntilAsync(() => Task.FromResult(tab.CloseStatus is not null), TimeSpan.FromSeconds(5), "the gateway closes the socket");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, tab.CloseStatus);
        Assert.InRange((await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.text")).Count, 1, 2);
    }

    [Fact]
    public async Task Shaping_SixMessagesWithin1s_AllReachThePlatformInOrder_NoneRejectedByIt()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Deployment.Gateways[2], RateLimitDeployment.ShapeRoute, token, deployment);
        var texts = Enumerable.Range(1, 6).Select(i => GenesysFrames.Text(token, $"burst message {i}", i)).ToList();

        var clock = Stopwatch.StartNew();
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            await Wait.UntilElapsedAsync(clock, TimeSpan.FromMilliseconds(150 * i));
            await tab.SendAsync(text);
        }

        var received = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 6, TimeSpan.FromSeconds(10), session: token, kind: "genesys.text");
        Assert.Equal(texts, received.Select(r => r.Text));
        Assert.All(received, r => Assert.Equal("accepted", r.Outcome));
        Assert.DoesNotContain(tab.Received, f => f.Contains("TooManyRequestsErrorMessage", StringComparison.Ordinal));
        Output.WriteLine("arrivals (ms after the first): " + string.Join(", ", received.Select(r => (r.Time - received[0].Time).TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Constraint_TextOverMaxLength_Gets4011Frame_NotForwarded()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Deployment.Gateways[0], RateLimitDeployment.ShapeRoute, token, deployment);

        await tab.SendAsync(GenesysFrames.Text(token, new string('x', 4001), 1));
        var answer = await tab.WaitForAsync(f => f.Contains("4011", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var fits = GenesysFrames.Text(token, new string('界', 4000), 2);
        await tab.SendAsync(fits);

        Assert.Equal(MessageTooLong, answer);
        var received = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 1, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");
        Assert.Equal(fits, Assert.Single(received).Text);
        Assert.Equal(WebSocketState.Open, tab.State);
    }

    [Fact]
    public async Task Constraint_MessageOverMaxMessageBytes_Gets4011Frame_NotForwarded_StaysOpen()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Deployment.Gateways[1], RateLimitDeployment.RejectRoute, token, deployment);

        // 70 KB in one frame: over the 64 KiB limit and over the inspection limit, so only the size limit sees it.
        var huge = GenesysFrames.Text(token, new string('x', 70_000), 1);
        Assert.True(huge.Length > RateLimitDeployment.MaxMessageBytes);
        await tab.SendAsync(huge);
        var answer = await tab.WaitForAsync(f => f.Contains("4011", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var next = GenesysFrames.Text(token, "a normal message", 2);
        await tab.SendAsync(next);

        // One connection keeps order: had the 70 KB message been forwarded, it would be recorded before the next one.
        Assert.Equal(MessageTooLong, answer);
        await Simulator.Client.WaitForRecordsAsync(r => r.Any(i => i.Kind == "genesys.text"), TimeSpan.FromSeconds(5), session: token);
        var received = await Simulator.Client.GetRecordsAsync(session: token);
        Assert.Equal(["genesys.configureSession", "genesys.text"], received.Select(r => r.Kind));
        Assert.Equal((next, "accepted"), (received[1].Text, received[1].Outcome));
        Assert.Equal(1, tab.Received.Count(f => f.Contains("4011", StringComparison.Ordinal)));
        Assert.Equal(WebSocketState.Open, tab.State);
    }

    [Fact]
    public async Task Constraint_FragmentedMessageGrowsOverMaxMessageBytes_ClosedWith1009BothWays()
    {
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(Deployment.Gateways[2], RateLimitDeployment.RejectRoute, token, deployment);
        var connection = (await Simulator.Client.GetRecordsAsync(session: token))[0].ConnectionId;

        // Two frames of about 40 KB each: the first fits and is forwarded, the second would pass the 64 KiB limit.
        await tab.SendFragmentedAsync(GenesysFrames.Text(token, new string('y', 80_000), 1), fragments: 2);

        await Wait.UntilAsync(() => Task.FromResult(tab.CloseStatus is not null), TimeSpan.FromSeconds(5), "the gateway closes the socket");
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, tab.CloseStatus);
        var closes = await Simulator.Client.WaitForRecordsAsync(r => r.Any(c => c.ConnectionId == connection), TimeSpan.FromSeconds(5), kind: "genesys.close");
        Assert.Equal(1009, closes.Single(c => c.ConnectionId == connection).CloseStatus);
        Assert.Empty(await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.text"));
    }
}
