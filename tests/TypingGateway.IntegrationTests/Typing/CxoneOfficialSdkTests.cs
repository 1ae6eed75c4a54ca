using Xunit.Abstractions;
using System.Text.Json;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using TypingGateway.Testing;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// The official NICE CXone web SDK 2.2.0 (npm, unmodified, initialised as its README quick start shows) as one
/// customer with two tabs on two of three gateway instances sharing Redis, with the shipped configuration: the
/// agent sees exactly one start and one end per burst, never before the SDK's own end, and every other frame
/// reaches the platform byte for byte and in order.
/// </summary>
[Trait("Area", "Typing")]
[Trait("Sdk", "CXone")]
[Collection(RedisCollection.Name)]
public sealed class CxoneOfficialSdkTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private const int BrandId = 1234;
    private const string ChannelId = "chat_sdk";
    private const string Started = "cxone.SenderTypingStarted";
    private const string Ended = "cxone.SenderTypingEnded";
    private static readonly TimeSpan _runTimeout = TimeSpan.FromSeconds(90);

    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    public static TheoryData<string> Scenarios => ["one tab types 3 s", "both tabs type together 4 s", "typing handed from tab a to tab b", "burst ended by a message"];

    [SkippableTheory]
    [MemberData(nameof(Scenarios))]
    public async Task TwoTabsOnTwoInstances_OneStartedAndOneEndedPerBurst_NoEarlierThanTheSdksOwnEnd(string scenario)
    {
        await NodeSdk.RequireAsync();
        var customerId = "cust-" + Guid.NewGuid().ToString("N")[..12];
        object[] steps = scenario switch
        {
            "one tab types 3 s" => [Keys("a", 0, 3000)],
            "both tabs type together 4 s" => [Keys("a", 0, 4000), Keys("b", 0, 4000)],
            "typing handed from tab a to tab b" => [Keys("a", 0, 1500), Keys("b", 1500, 1500)],
            _ => [Keys("a", 0, 1000), new { at = 1050, tab = "a", @do = "message", text = "sent while typing" }],
        };

        var (process, result) = await CXoneGuest.RunAsync(
            new
            {
                brandId = BrandId,
                channelId = ChannelId,
                customerId,
                threadId = "thread-" + customerId,
                endAfterMs = 7000,
                timeoutMs = 60_000,
                trace = true,
                tabs = new[] { Tab("a", 0), Tab("b", 1) },
                steps,
            },
            _runTimeout);

        Assert.True(process.ExitCode == 0, process.Stderr);
        Assert.All(result!.Tabs, tab => Assert.Empty(tab.Errors));
        var records = (await Simulator.Client.GetRecordsAsync(session: customerId)).Where(r => r.Kind != "cxone.close").ToList();
        var started = records.Where(r => r.Kind == Started).ToList();
        var ended = records.Where(r => r.Kind == Ended).ToList();
        var sentByTabs = result.Tabs.SelectMany(t => t.Frames!).Where(f => f.Dir == "out").Select(f => f.Data).ToHashSet(StringComparer.Ordinal);

        Assert.Single(started);
        Assert.Contains(started[0].Text!, sentByTabs); // the SDK's own start, untouched
        if (scenario == "burst ended by a message")
        {
            Assert.Empty(ended); // the platform clears typing on a message; the SDK's later end is not forwarded
        }
        else
        {
            var end = Assert.Single(ended);
            Assert.Contains(end.Text!, sentByTabs); // the SDK's own end, not a synthesized one
            var lastKey = result.Tabs.SelectMany(t => t.Bursts).Max(b => b.LastKeystrokeAt!.Value);
            output.WriteLine($"{scenario}: {started.Count} started, {ended.Count} ended; the end reached the platform {end.Time.ToUnixTimeMilliseconds() - lastKey} ms after the last key");
            Assert.True(
                end.Time.ToUnixTimeMilliseconds() >= lastKey + 1000,
                $"{scenario}: the end reached the platform {end.Time.ToUnixTimeMilliseconds() - lastKey} ms after the guest's last key (the SDK's own end comes after 1000 ms)");
        }

        // Every other frame of each tab reached the platform byte for byte and in its order, on that tab's connection.
        foreach (var tab in result.Tabs)
        {
            var sent = tab.Frames!.Where(f => f.Dir == "out" && !IsTyping(f.Data)).Select(f => f.Data).ToList();
            var connections = records.Where(r => r.Kind is not (Started or Ended)).GroupBy(r => r.ConnectionId)
                .Select(g => g.Select(r => r.Text!).ToList()).ToList();
            Assert.Contains(connections, received => received.SequenceEqual(sent, StringComparer.Ordinal));
        }
    }

    private static object Keys(string tab, int at, int durationMs) => new { at, tab, @do = "keystrokes", durationMs, perSecond = 10 };

    private object Tab(string name, int instance)
    {
        var gateway = _deployment.Gateways[instance];
        return CXoneGuest.Tab(name, gateway.BaseAddress, new Uri(gateway.WebSocketAddress, "/cxone"));
    }

    private static bool IsTyping(string frame)
    {
        using var document = JsonDocument.Parse(frame);
        return document.RootElement.TryGetProperty("payload", out var payload)
            && payload.TryGetProperty("eventType", out var type)
            && type.GetString() is "SenderTypingStarted" or "SenderTypingEnded";
    }
}
