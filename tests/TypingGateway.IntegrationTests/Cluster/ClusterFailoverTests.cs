using System.Diagnostics;
using System.Globalization;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Protocols.Genesys;
using TypingGateway.Redis;
using TypingGateway.Typing.State;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Cluster;

/// <summary>
/// The primary that holds a guest's typing state dies (SIGKILL) while the guest types and sends messages through 3
/// instances: the outage policy falls back per instance, no message is lost or rejected, and once the replica is
/// promoted the instances share state again on their own (design.md §4: Redis Cluster with failover).
/// </summary>
[Trait("Area", "Cluster")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterFailoverTests(RedisClusterFixture cluster, ITestOutputHelper output)
{
    private const string Profile = "genesys-webmessaging";
    private const int UnavailableEvent = 1105;
    private const int AvailableEvent = 1106;
    private static readonly TimeSpan _keystroke = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _killAt = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan _recoveryTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task PrimaryOfTheGuestsSlotKilledMidBurst_NoMessageLostOrRejected_SharedStateResumesAfterPromotion()
    {
        // Arrange: the guest's state key, its slot and the primary that holds it, listed first in the gateways'
        // configuration (the multiplexer's first endpoint is the one a naive probe keeps asking).
        var (token, deployment) = GenesysGuest.NewSession();
        var key = TypingRedisKeys.State(RedisDefaults.KeyPrefix, TypingKey.Create(Profile, deployment, GenesysWebMessagingRecognizer.HashToken(token))).ToString();
        _ = cluster.Configuration; // skips without redis-server
        var slot = await cluster.KeySlotAsync(key);
        var victim = await cluster.PrimaryOfAsync(slot);
        var configuration = string.Join(',', cluster.Ports.OrderBy(p => p != victim.Port).Select(p => $"127.0.0.1:{p}"));
        await using var shipped = await ShippedDeployment.StartAsync(
            3, configuration, o => o.Genesys.EnableAgentReplies = false, settings: new Dictionary<string, string?> { ["RateLimits:InstanceCount"] = "3" });
        var gateways = shipped.Gateways;
        var tabs = new ChatGuest[3];
        for (var i = 0; i < tabs.Length; i++)
        {
            tabs[i] = await GenesysGuest.OpenTabAsync(gateways[i], "/genesys", token, deployment);
        }

        var texts = new List<string>();
        Stopwatch? sinceKill = null;
        var promoted = TimeSpan.Zero;
        var recovered = new TimeSpan?[3];
        var typedOn = true;
        try
        {
            // Act 1: 7 s of keystrokes at 10/s over the 3 tabs and a message every 2 s (one instance each); the
            // victim dies at 1.5 s. Meanwhile the promotion and each instance's end of outage are timed.
            Task? watching = null;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 70; i++)
            {
                await Wait.UntilElapsedAsync(clock, _keystroke * i);
                if (i == 1)
                {
                    Assert.Equal("1", await RedisPing.ReplyAsync("127.0.0.1", victim.Port, TimeSpan.FromSeconds(5), "EXISTS", key)); // the slot really is the victim's
                }

                if (sinceKill is null && clock.Elapsed >= _killAt)
                {
                    await cluster.KillAsync(victim.Port);
                    sinceKill = Stopwatch.StartNew();
                    watching = WatchRecoveryAsync(slot, victim, gateways, sinceKill, recovered, at => promoted = at, () => !typedOn);
                }

                await tabs[i % 3].SendAsync(GenesysFrames.Typing(token, i));
                if (i % 20 == 5)
                {
                    texts.Add(GenesysFrames.Text(token, $"message {texts.Count + 1} while the cluster fails over", texts.Count + 1));
                    await tabs[texts.Count % 3].SendAsync(texts[^1]);
                }
            }

            typedOn = false;
            await watching!;
            output.WriteLine($"primary {victim.Port} (slot {slot}) killed; replica promoted after {Ms(promoted)}; instances shared again after "
                + string.Join(", ", recovered.Select(r => r is { } at ? Ms(at) : "no outage")));

            // Assert 1: every message reached the platform once, in order, accepted; none was rejected by the gateway.
            var received = await shipped.Simulator.Client.WaitForRecordsAsync(r => r.Count >= texts.Count, TimeSpan.FromSeconds(10), session: token, kind: "genesys.text");
            Assert.Equal(texts, received.Select(r => r.Text));
            Assert.All(received, r => Assert.Equal("accepted", r.Outcome));
            Assert.DoesNotContain(tabs.SelectMany(t => t.Received), f => f.Contains("TooManyRequestsErrorMessage", StringComparison.Ordinal));
            Assert.Equal(0, await gateways.SumMetricAsync("typinggateway_ratelimit_decisions_total", ("result", "rejected")));
            Assert.Contains(recovered, r => r is not null); // the outage was seen, and ended on its own

            // Act 2: the guest's tabs reconnect (a start withheld for the message budget during the outage stays owed by
            // its connection, decision 0013), a message resets the burst, the budget refills, and the guest types 5.5 s more.
            foreach (var tab in tabs)
            {
                await tab.DisposeAsync();
            }

            for (var i = 0; i < tabs.Length; i++)
            {
                tabs[i] = await GenesysGuest.OpenTabAsync(gateways[i], "/genesys", token, deployment);
            }

            texts.Add(GenesysFrames.Text(token, "after the failover", texts.Count + 1));
            await tabs[0].SendAsync(texts[^1]);
            await shipped.Simulator.Client.WaitForRecordsAsync(r => r.Count == texts.Count, TimeSpan.FromSeconds(5), session: token, kind: "genesys.text");
            var typingBefore = (await shipped.Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.typing")).Count;
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var tripsBefore = await gateways.SumMetricAsync("typinggateway_redis_round_trips_total");
            clock.Restart();
            for (var i = 0; i < 55; i++)
            {
                await Wait.UntilElapsedAsync(clock, _keystroke * i);
                await tabs[i % 3].SendAsync(GenesysFrames.Typing(token, 100 + i));
            }

            await Task.Delay(500);
            var trips = await gateways.SumMetricAsync("typinggateway_redis_round_trips_total") - tripsBefore;
            var typing = (await shipped.Simulator.Client.GetRecordsAsync(session: token, kind: "genesys.typing")).Count - typingBefore;
            output.WriteLine($"after recovery: {typing} typing frames upstream for 55 keystrokes over 3 instances, {trips} Redis round trips ({trips / 55:0.000} per frame)");

            // Assert 2: one burst across the 3 instances again, on the promoted primary (5.5 s at a 5 s interval: 2 starts),
            // and the near caches hear the shard's invalidations again (without them every keystroke is a round trip).
            Assert.Equal(2, typing);
            Assert.True(trips / 55 <= 0.2, $"{trips} Redis round trips for 55 typing frames");
            Assert.Equal(0, await gateways.SumMetricAsync("typinggateway_ratelimit_decisions_total", ("result", "rejected")));

            // ... on the sharded channel of the guest's slot, which the 3 instances moved to the promoted primary.
            var channel = TypingRedisKeys.ShardInvalidationChannel(RedisDefaults.KeyPrefix, slot).ToString();
            var promotedPort = (await cluster.PrimaryOfAsync(slot)).Port;
            Assert.NotEqual(victim.Port, promotedPort);
            Assert.Equal($"{channel}\n3", await RedisPing.ReplyAsync("127.0.0.1", promotedPort, TimeSpan.FromSeconds(5), "PUBSUB", "SHARDNUMSUB", channel));
        }
        finally
        {
            foreach (var tab in tabs)
            {
                await tab.DisposeAsync();
            }

            foreach (var (gateway, i) in gateways.Instances.Select((g, i) => (g, i)))
            {
                foreach (var entry in gateway.Logs.Entries.Where(e => e.EventId.Id is UnavailableEvent or AvailableEvent))
                {
                    output.WriteLine($"instance {i}: [{entry.EventId.Id}] {entry.Message}");
                }
            }

            if (sinceKill is not null)
            {
                await cluster.RestartAsync(victim.Port);
                await cluster.WaitUntilHealthyAsync(_recoveryTimeout);
            }
        }
    }

    /// <summary>
    /// Times the promotion (a live primary other than the victim serves the slot) and, for each instance that saw the
    /// outage, its end (its first event 1106 after the kill). Returns once the scenario is over, the slot is served
    /// again and no instance is in an outage (as many 1106 as 1105: each outage logs both once).
    /// </summary>
    private async Task WatchRecoveryAsync(
        int slot, ClusterNode victim, GatewayCluster gateways, Stopwatch sinceKill, TimeSpan?[] recovered, Action<TimeSpan> promotedAt, Func<bool> scenarioOver)
    {
        var availableBefore = gateways.Instances.Select(g => Count(g, AvailableEvent)).ToArray();
        var promoted = false;
        while (sinceKill.Elapsed < _recoveryTimeout)
        {
            if (!promoted && (await cluster.NodesAsync()).Any(n => n.IsPrimary && !n.IsFailing && n.Connected && n.Port != victim.Port && n.Owns(slot)))
            {
                promoted = true;
                promotedAt(sinceKill.Elapsed);
            }

            for (var i = 0; i < recovered.Length; i++)
            {
                if (recovered[i] is null && Count(gateways[i], AvailableEvent) > availableBefore[i])
                {
                    recovered[i] = sinceKill.Elapsed;
                }
            }

            if (promoted && scenarioOver() && gateways.Instances.All(g => Count(g, UnavailableEvent) == Count(g, AvailableEvent)))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{_recoveryTimeout.TotalSeconds} s after the kill: promoted {promoted}, instances shared again: {string.Join(", ", recovered)}");
    }

    private static int Count(GatewayHost gateway, int eventId) => gateway.Logs.Entries.Count(e => e.EventId.Id == eventId);

    private static string Ms(TimeSpan at) => at.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
