using System.Diagnostics;
using System.Net.WebSockets;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.RateLimiting;

/// <summary>
/// Per-guest message limits on Genesys guest WebSockets across 3 instances sharing one Redis deployment (design §6):
/// the shared budget, run against one Redis (<see cref="WebSocketRateLimitTests"/>) and a Redis Cluster
/// (<c>WebSocketRateLimitClusterTests</c>) alike.
/// </summary>
public abstract class WebSocketRateLimitScenarios(ITestOutputHelper output) : SharedRedisScenarios
{
    protected ITestOutputHelper Output { get; } = output;

    protected override Task<ShippedDeployment> StartAsync(string redisConfiguration) => RateLimitDeployment.StartAsync(redisConfiguration);

    [SkippableFact]
    public async Task OneGuestOnThreeInstances_ThreeTimesTheRateFor10s_AdmitsTheSharedBudget()
    {
        // Arrange: one guest, a tab on each instance; the policy is 2/s with a burst of 2.
        var (token, deployment) = GenesysGuest.NewSession();
        var tabs = new List<ChatGuest>();
        for (var i = 0; i < 3; i++)
        {
            tabs.Add(await GenesysGuest.OpenTabAsync(Gateways[i], RateLimitDeployment.RejectRoute, token, deployment));
        }

        // Act: 6 messages per second (3× the rate) for 10 s, round-robin over the instances.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
        {
            await Wait.UntilElapsedAsync(clock, TimeSpan.FromSeconds(i / 6.0));
            await tabs[i % 3].SendAsync(GenesysFrames.Text(token, $"message {i}", i));
        }

        // Assert: the budget of one guest is 2 + 10 s × 2/s = 22 (per-instance limiters would admit about 3 × that).
        await Task.Delay(500);
        var admitted = (await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.text")).Count;
        var rejected = await Gateways.SumMetricAsync("typinggateway_ratelimit_decisions_total", ("policy", "messages"), ("result", "rejected"));
        Output.WriteLine($"sent 60, admitted {admitted}, rejected by the gateway {rejected}");
        Assert.InRange(admitted, 20, 24);
        Assert.Equal(60 - admitted, rejected);
        Assert.All(tabs, t => Assert.Equal(WebSocketState.Open, t.State));
        foreach (var tab in tabs)
        {
            await tab.DisposeAsync();
        }
    }
}
