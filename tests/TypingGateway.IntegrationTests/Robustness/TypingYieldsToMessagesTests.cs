using System.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Robustness;

/// <summary>
/// Issue 12 D3: Genesys counts a guest's typing in the same budget as its messages (2 requests per session per second;
/// the simulator enforces that rule and answers a request over it with 429). Typing the gateway forwards is charged to
/// the route's message policy and yields: it goes only when a message could still follow at once, so the platform
/// never rejects a guest's message because of typing — in shared mode and with per-instance shares while Redis is
/// down. On <c>main</c> before the fix both tests got the platform's 429 on messages.
/// </summary>
[Trait("Area", "Robustness")]
[Collection(RedisCollection.Name)]
public sealed class TypingYieldsToMessagesTests(RedisServerFixture redis, ITestOutputHelper output)
{
    private const int Guests = 4;

    private static readonly TimeSpan _outageStartsAt = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan _outage = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _trafficEnds = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TypingThenTwoMessagesAtOnce_PlatformRejectsNothing_TypingSentWhenTheBudgetAllows()
    {
        await using var simulator = await SimulatorServer.StartAsync(configure: o => o.Genesys.EnableAgentReplies = false);
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        await using var gateways = await GatewayCluster.StartAsync(config.Path, 1, redis.Configuration);
        var (token, deployment) = GenesysGuest.NewSession();
        await using var tab = await GenesysGuest.OpenTabAsync(gateways[0], "/genesys", token, deployment);
        var typing = 0;
        for (var round = 0; round < 3; round++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5)); // the guest's budget (0.9/s, burst 2) is whole again

            // A keystroke, then two messages at once: the platform takes typing + 1 message in its second, not 2.
            await tab.SendAsync(GenesysFrames.Typing(token, round));
            await simulator.Client.WaitForRecordsAsync(r => r.Count == typing + 1, TimeSpan.FromSeconds(5), session: token, kind: "genesys.typing");
            typing++;
            await tab.SendAsync(GenesysFrames.Text(token, $"first {round}", (3 * round) + 1));
            await tab.SendAsync(GenesysFrames.Text(token, $"second {round}", (3 * round) + 2));
            await simulator.Client.WaitForRecordsAsync(r => r.Count == (3 * round) + 2, TimeSpan.FromSeconds(10), session: token, kind: "genesys.text");

            // The messages ended the burst, so the next keystroke starts a new one, but the budget has no room for typing
            // and a message (the second message took the permit due 1.1 s later): it yields, and a later keystroke goes
            // once there is room. The collapser does not count the withheld start as sent, so exactly one goes.
            var (keystrokes, _) = await GenesysGuest.TypeUntilForwardedAsync(tab, simulator.Client, token, typing + 1, firstKey: 100 * (round + 1));
            typing++;
            output.WriteLine($"round {round}: the start after the messages went with keystroke {keystrokes}");
            Assert.True(keystrokes >= 5, $"the start after the messages went with keystroke {keystrokes}, while the budget had no room");

            await tab.SendAsync(GenesysFrames.Text(token, $"ends burst {round}", (3 * round) + 3));
            await simulator.Client.WaitForRecordsAsync(r => r.Count == (3 * round) + 3, TimeSpan.FromSeconds(10), session: token, kind: "genesys.text");
        }

        var records = await simulator.Client.GetRecordsAsync(session: token);
        Assert.DoesNotContain(records, r => r.Outcome != "accepted");
        Assert.Equal(9, records.Count(r => r.Kind == "genesys.text"));
        Assert.Equal(6, records.Count(r => r.Kind == "genesys.typing"));
        Assert.DoesNotContain(tab.Received, f => f.Contains("TooManyRequestsErrorMessage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoTabsOnTwoInstances_RedisKilledFor5s_PlatformRejectsNothing()
    {
        await using var simulator = await SimulatorServer.StartAsync(configure: o => o.Genesys.EnableAgentReplies = false);
        using var config = TestConfigDirectory.FromShipped(simulator.BaseAddress);
        await using var gateways = await GatewayCluster.StartAsync(config.Path, 2, redis.Configuration, new Dictionary<string, string?>
        {
            ["Redis:OperationTimeout"] = "00:00:00.250",
            ["RateLimits:InstanceCount"] = "2",
        });
        var guests = new List<(string Token, ChatGuest[] Tabs)>();
        try
        {
            for (var i = 0; i < Guests; i++)
            {
                var (token, deployment) = GenesysGuest.NewSession();
                guests.Add((token, [
                    await GenesysGuest.OpenTabAsync(gateways[0], "/genesys", token, deployment),
                    await GenesysGuest.OpenTabAsync(gateways[1], "/genesys", token, deployment)]));
            }

            await Task.Delay(TimeSpan.FromSeconds(1.2)); // configureSession's requests have left the platform's window

            // Act: both tabs of each guest type at 10 keys/s together (keystrokes alternate tabs, so instances), and
            // every 2 s one of them sends a message; Redis is killed at 3 s and restarted at 8 s.
            var clock = Stopwatch.StartNew();
            var traffic = guests.Select((g, i) => ChatAsync(g.Token, g.Tabs, clock, TimeSpan.FromMilliseconds(450 * i))).ToArray();
            await Wait.UntilElapsedAsync(clock, _outageStartsAt);
            var outageStarted = DateTimeOffset.UtcNow;
            await redis.StopAsync();
            DateTimeOffset outageEnded;
            try
            {
                await Wait.UntilElapsedAsync(clock, _outageStartsAt + _outage);
            }
            finally
            {
                await redis.RestartAsync();
                outageEnded = DateTimeOffset.UtcNow;
            }

            var sent = await Task.WhenAll(traffic);

            // Assert: every message reached the platform once, in order, accepted; nothing of any guest was rejected.
            for (var i = 0; i < Guests; i++)
            {
                var (token, tabs) = guests[i];
                var texts = await simulator.Client.WaitForRecordsAsync(r => r.Count >= sent[i].Count, TimeSpan.FromSeconds(10), session: token, kind: "genesys.text");
                var records = await simulator.Client.GetRecordsAsync(session: token);
                var typing = records.Where(r => r.Kind == "genesys.typing").ToList();
                output.WriteLine(
                    $"guest {i}: {texts.Count} messages, typing forwarded {typing.Count(r => r.Time < outageStarted)} before the outage, " +
                    $"{typing.Count(r => r.Time >= outageStarted && r.Time < outageEnded)} during, {typing.Count(r => r.Time >= outageEnded)} after; " +
                    $"outcomes: {string.Join(", ", records.GroupBy(r => r.Outcome).Select(g => $"{g.Key} {g.Count()}"))}");
                Assert.Equal(sent[i], texts.Select(r => r.Text));
                Assert.All(records, r => Assert.True(r.Outcome == "accepted", $"{r.Kind} {r.Outcome} at {r.Time:HH:mm:ss.fff}: {r.Text}"));
                Assert.All(tabs, tab => Assert.DoesNotContain(tab.Received, f => f.Contains("TooManyRequests", StringComparison.Ordinal)));

                // Typing still reaches the platform while Redis is up (the budget is shared, so it has room between messages).
                Assert.Contains(typing, r => r.Time < outageStarted);
                Assert.Contains(typing, r => r.Time >= outageEnded);
            }
        }
        finally
        {
            foreach (var tab in guests.SelectMany(g => g.Tabs))
            {
                await tab.DisposeAsync();
            }
        }
    }

    /// <summary>Bursts of 1.5 s at 10 keys/s over both tabs, each ended by a message from one tab, one every 2 s; returns the messages sent.</summary>
    private static async Task<List<string>> ChatAsync(string token, ChatGuest[] tabs, Stopwatch clock, TimeSpan offset)
    {
        var sent = new List<string>();
        var key = 0;
        for (var burst = 0; offset + TimeSpan.FromSeconds(2 * burst) < _trafficEnds; burst++)
        {
            var start = offset + TimeSpan.FromSeconds(2 * burst);
            for (var k = 0; k < 15; k++)
            {
                await Wait.UntilElapsedAsync(clock, start + TimeSpan.FromMilliseconds(100 * k));
                await tabs[k % 2].SendAsync(GenesysFrames.Typing(token, key++));
            }

            await Wait.UntilElapsedAsync(clock, start + TimeSpan.FromMilliseconds(1500));
            var frame = GenesysFrames.Text(token, $"message {burst}", burst);
            sent.Add(frame);
            await tabs[burst % 2].SendAsync(frame);
        }

        return sent;
    }
}
