using System.Diagnostics;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>Redis dies mid-conversation (design.md §4): nothing is lost, typing collapses per instance, and sharing resumes by itself.</summary>
[Trait("Area", "Typing")]
[Collection(RedisCollection.Name)]
public sealed class TypingRedisOutageTests(RedisServerFixture redis) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    private GatewayCluster Gateways => _deployment.Gateways;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(2, redis.Configuration, o => o.Genesys.EnableAgentReplies = false);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task RedisStoppedMidTest_MessagesIntact_TypingCollapsedPerInstance_SharedAgainAfterRestart()
    {
        var token = Guid.NewGuid().ToString();
        const string deployment = "dep-outage";
        await using var tabA = await GenesysGuest.OpenTabAsync(Gateways[0], "/genesys", token, deployment);
        await using var tabB = await GenesysGuest.OpenTabAsync(Gateways[1], "/genesys", token, deployment);
        var sent = new List<string>();

        // Shared: 2 s of typing on both instances is one burst.
        await TypeAsync(tabA, tabB, token, seconds: 2, from: 0);
        Assert.Equal(1, await TypingCountAsync(token));

        await redis.StopAsync();
        int duringOutage;
        try
        {
            // Down: 6 s of typing on both instances, with messages in between.
            var typing = TypeAsync(tabA, tabB, token, seconds: 6, from: 100);
            for (var i = 1; i <= 2; i++)
            {
                await Task.Delay(2000);
                sent.Add(GenesysFrames.Text(token, $"during outage {i}", i));
                await (i == 1 ? tabA : tabB).SendAsync(sent[^1]);
            }

            await typing;
            await Task.Delay(300);
            duringOutage = await TypingCountAsync(token) - 1;
        }
        finally
        {
            await redis.RestartAsync();
        }

        // Per instance, each of 2 instances forwards at most one start per 5 s plus one after each of its
        // messages: ≤ 2 × (2 + 1) = 6 of the 60 keystrokes; without collapse it would be 60.
        Assert.InRange(duringOutage, 1, 6);
        var texts = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 2, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");
        Assert.Equal(sent, texts.Select(r => r.Text));

        // Back: once the outage's windows have passed, both instances share one state again:
        // 6 s of typing alternating between them is ceil(6 / 5) = 2 starts, not 2 per instance.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var before = await TypingCountAsync(token);
        await TypeAsync(tabA, tabB, token, seconds: 6, from: 1000);
        await Task.Delay(300);
        Assert.Equal(2, await TypingCountAsync(token) - before);

        sent.Add(GenesysFrames.Text(token, "after outage", 3));
        await tabA.SendAsync(sent[^1]);
        texts = await Simulator.Client.WaitForRecordsAsync(r => r.Count == 3, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");
        Assert.Equal(sent, texts.Select(r => r.Text));
        Assert.All(texts, r => Assert.Equal("accepted", r.Outcome));
    }

    private static async Task TypeAsync(ChatGuest a, ChatGuest b, string token, int seconds, int from)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < seconds * 10; i++)
        {
            var wait = TimeSpan.FromMilliseconds(100 * i) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            await (i % 2 == 0 ? a : b).SendAsync(GenesysFrames.Typing(token, from + i));
        }
    }

    private async Task<int> TypingCountAsync(string token) =>
        (await Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.typing")).Count;
}
