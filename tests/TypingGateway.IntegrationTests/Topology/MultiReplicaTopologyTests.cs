using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using TypingGateway.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Topology;

/// <summary>
/// Issue 13 item 5: docker-compose.yml's topology as real processes without Docker (deploy/local/run-topology.sh):
/// nginx round-robin → 2 gateway processes → the simulator, one redis-server. Guests connect through nginx only, so
/// one guest's two tabs land on different replicas, and one replica is taken down mid-chat. Skipped, with the reason,
/// where nginx or redis-server is not installed (.ci/run installs both).
/// </summary>
[Trait("Area", "Topology")]
[Collection(RedisCollection.Name)] // runs alone: 3 .NET processes and nginx take the machine's 2 cores
public sealed partial class MultiReplicaTopologyTests(ITestOutputHelper output)
{
    private const int Guests = 10;
    private const int KillDuringBurst = 2;

    /// <summary>Genesys' typing refresh: a guest typing on gets one start per 5 s (design.md §3).</summary>
    private static readonly TimeSpan _typingInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _keystroke = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Each burst of typing (10 keys/s over both tabs) ends with a message. The first outlasts the typing interval, so it
    /// has 2 starts; the message ends a burst, so each later one has its own start.
    /// </summary>
    private static readonly TimeSpan[] _bursts = [TimeSpan.FromSeconds(6), .. Enumerable.Repeat(TimeSpan.FromSeconds(2), 4)];

    /// <summary>
    /// Between a message and the next burst: the guest's message budget (genesys-messages, 0.9/s, burst 2) is whole again
    /// 1.11 s after the message, so the next burst's start goes with its first keystroke (TypingYieldsToMessagesTests).
    /// </summary>
    private static readonly TimeSpan _quiet = TimeSpan.FromSeconds(1.5);

    /// <summary>Guest i starts i × 40 ms after the first, so not every guest's frame comes at the same instant.</summary>
    private static readonly TimeSpan _stagger = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// 1 s into burst 2 of the first guest (0.64 s into the last guest's): every guest is typing, its burst's start went
    /// at least 0.6 s before, its last message was acknowledged more than 2 s before and the next is 1 s away. So no
    /// typing start and no message is in flight when the replica goes: what the platform gets is exact.
    /// </summary>
    private static readonly TimeSpan _takeDownAt = BurstStart(KillDuringBurst) + TimeSpan.FromSeconds(1);

    private static readonly TimeSpan _acknowledgementTimeout = TimeSpan.FromSeconds(1.4);

    [SkippableFact]
    public async Task TenGuestsTwoTabsThroughNginx_ReplicaKilledMidChat_TypingIdealEveryMessageOnceInOrder()
    {
        await ChatWhileOneReplicaGoesAsync(
            async replica =>
            {
                LocalTopology.Kill(replica);
                await LocalTopology.WaitForExitAsync(replica, TimeSpan.FromSeconds(5));
            },
            expectedCloseStatus: null); // a reset: the process is gone, nobody sends a close frame
    }

    /// <summary>
    /// The SIGTERM variant (design.md §7b): the replica closes every guest WebSocket with 1001 at a message boundary and
    /// exits within its drain timeout, below the orchestrator's grace period (docker stop's default: 10 s); the guests
    /// reconnect through nginx and the platform's figures are as exact as after a crash. Measured before the graceful
    /// drain (issue 13 item 2): the replica went on serving its guests' sockets and exited 30.2 s after SIGTERM (the
    /// host's default shutdown timeout), resetting them without a close frame.
    /// </summary>
    [SkippableFact]
    public async Task TenGuestsTwoTabsThroughNginx_ReplicaTerminatedMidChat_Close1001AndTypingIdealEveryMessageOnceInOrder()
    {
        await ChatWhileOneReplicaGoesAsync(
            async replica =>
            {
                var exitedAfter = await LocalTopology.TerminateAsync(replica, TimeSpan.FromSeconds(10));
                output.WriteLine($"gateway-{replica.Number} exited {exitedAfter.TotalMilliseconds:0} ms after SIGTERM");
            },
            expectedCloseStatus: WebSocketCloseStatus.EndpointUnavailable);
    }

    [SkippableFact]
    public async Task Script_ReplicaEnvironment_SetsEveryVariableComposeSetsForTheReplicas()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), $"{LocalTopology.ScriptPath} needs Linux.");
        var compose = ComposeGatewayEnvironment(await File.ReadAllLinesAsync(Path.Combine(RedisServerFixture.RepositoryRoot(), "docker-compose.yml")));

        var (exitCode, text) = await LocalTopology.RunScriptAsync(["env", "--build", LocalTopology.BuildConfiguration]);

        Assert.True(exitCode == 0, text);
        var script = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => EnvironmentLine().IsMatch(line))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        Assert.True(compose.Count >= 10, $"read only {compose.Count} variables of x-gateway's environment from docker-compose.yml");
        Assert.Empty(compose.Except(script.Keys));
        Assert.All(script.Values, value => Assert.DoesNotMatch("//(simulator|redis)[:/]|^redis:", value)); // 127.0.0.1 instead
        Assert.All(["TYPINGGATEWAY_TICKET_KEY_DEV", "TYPINGGATEWAY_DATAPROTECTION_KEY", "TYPINGGATEWAY_GENESYS_CLIENT_SECRET"],
            key => Assert.Equal("<secret>", script[key]));
    }

    /// <summary>
    /// 10 guests, 2 tabs each, all through nginx: 5 bursts of typing, each ended by a message; <paramref name="takeDown"/>
    /// takes the replica that has the first tab of the first guest down during burst 2, while traffic goes on.
    /// </summary>
    private async Task ChatWhileOneReplicaGoesAsync(Func<LocalTopology.Replica, Task> takeDown, WebSocketCloseStatus? expectedCloseStatus)
    {
        var wall = Stopwatch.StartNew();
        await using var topology = await LocalTopology.StartAsync(output);
        var started = wall.Elapsed;
        var guests = new List<TopologyGuest>();
        try
        {
            for (var i = 0; i < Guests; i++)
            {
                guests.Add(await TopologyGuest.OpenAsync(topology, i));
            }

            // Round-robin, and the tabs are opened one after another: each guest has one tab on each replica.
            Assert.All(guests, g => Assert.NotEqual(g.Replicas[0], g.Replicas[1]));
            var victim = guests[0].Replicas[0]!;
            var survivor = topology.Replicas.Single(r => r != victim);

            var clock = Stopwatch.StartNew();
            var trafficStart = DateTimeOffset.UtcNow;
            var chats = guests.Select(g => ChatAsync(g, clock, _stagger * g.Number)).ToArray();
            await Wait.UntilElapsedAsync(clock, _takeDownAt);
            var sentBefore = guests.Sum(g => g.SentMessages.Count);
            var acknowledgedBefore = guests.Sum(g => g.Acknowledged);
            var takenDownAt = DateTimeOffset.UtcNow;
            var down = takeDown(victim);
            await Task.WhenAll(chats);
            await down;
            var trafficTook = clock.Elapsed;

            // The premise of exact figures: nothing of a guest's was in flight when the replica went.
            Assert.Equal(sentBefore, acknowledgedBefore);
            Assert.False(LocalTopology.IsRunning(victim));
            Assert.True(await topology.IsReadyAsync(survivor), $"gateway-{survivor.Number} is not ready");

            var expectedStarts = _bursts.Select(d => (int)Math.Ceiling(d / _typingInterval)).ToArray();
            var upstream = new Dictionary<TopologyGuest, IReadOnlyList<Simulator.RecordedItem>>();
            foreach (var guest in guests)
            {
                upstream[guest] = await topology.Simulator.GetRecordsAsync(session: guest.Token);
                output.WriteLine(
                    $"guest {guest.Number}: typing starts per burst [{string.Join(", ", StartsPerBurst(guest))}] (ideal [{string.Join(", ", expectedStarts)}]), "
                    + $"{upstream[guest].Count(r => r.Kind == "genesys.text")} of {guest.SentMessages.Count} messages, keystrokes not sent {guest.KeystrokesNotSent}; "
                    + string.Join("; ", guest.Reconnects.Select(r =>
                        $"tab {r.Tab} on gateway-{r.LostReplica?.Number} lost {(r.LostAt - takenDownAt).TotalMilliseconds:0} ms after the take-down (close {r.CloseStatus?.ToString() ?? "none"}), "
                        + $"reconnected to gateway-{r.NewReplica?.Number} after {(r.ReconnectedAt - takenDownAt)?.TotalMilliseconds:0} ms (attempt {r.Attempts})")));
            }

            foreach (var guest in guests)
            {
                // Exactly the tab on the lost replica lost its connection, and reconnected through nginx to the survivor.
                var reconnect = Assert.Single(guest.Reconnects);
                Assert.Equal(victim, reconnect.LostReplica);
                Assert.Equal(expectedCloseStatus, reconnect.CloseStatus);
                Assert.Equal(survivor, reconnect.NewReplica);

                // The platform: the ideal typing, every message once and in order, nothing rejected.
                var records = upstream[guest];
                Assert.Equal(expectedStarts, StartsPerBurst(guest));
                Assert.Equal(guest.SentMessages, records.Where(r => r.Kind == "genesys.text").Select(r => r.Text));
                Assert.Equal(_bursts.Length, guest.Acknowledged);
                Assert.Equal(3, records.Count(r => r.Kind == "genesys.configureSession")); // 2 tabs + 1 reconnect
                Assert.All(records, r => Assert.True(r.Outcome == "accepted", $"{r.Kind} {r.Outcome} at {r.Time:HH:mm:ss.fff}"));
                Assert.DoesNotContain(guest.Received, f => f.Contains("TooManyRequests", StringComparison.Ordinal));
            }

            int[] StartsPerBurst(TopologyGuest guest)
            {
                var starts = new int[_bursts.Length];
                foreach (var typing in upstream[guest].Where(r => r.Kind == "genesys.typing"))
                {
                    starts[BurstOf(typing.Time - (trafficStart + (_stagger * guest.Number)))]++;
                }

                return starts;
            }

            var reconnected = guests.Select(g => (g.Reconnects[0].ReconnectedAt!.Value - takenDownAt).TotalMilliseconds).Order().ToList();
            output.WriteLine(
                $"topology ready after {started.TotalSeconds:0.0} s; traffic {trafficTook.TotalSeconds:0.0} s; gateway-{victim.Number} taken down, "
                + $"its {Guests} tabs reconnected to gateway-{survivor.Number} within {reconnected[^1]:0} ms (median {reconnected[Guests / 2]:0} ms); "
                + $"{guests.Sum(g => g.SentMessages.Count)} messages; wall {wall.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            foreach (var guest in guests)
            {
                await guest.DisposeAsync();
            }
        }
    }

    /// <summary>One guest's script: each burst types at 10 keys/s, alternating tabs, then sends a message and waits for its echo.</summary>
    private static async Task ChatAsync(TopologyGuest guest, Stopwatch clock, TimeSpan offset)
    {
        var key = 0;
        for (var burst = 0; burst < _bursts.Length; burst++)
        {
            var start = offset + BurstStart(burst);
            for (var k = 0; _keystroke * k < _bursts[burst]; k++)
            {
                await Wait.UntilElapsedAsync(clock, start + (_keystroke * k));
                await guest.KeystrokeAsync(key++, k % 2);
            }

            await Wait.UntilElapsedAsync(clock, start + _bursts[burst]);
            await guest.SendMessageAsync($"guest {guest.Number} message {burst}", burst, burst % 2, _acknowledgementTimeout);
        }
    }

    private static TimeSpan BurstStart(int burst) =>
        _bursts.Take(burst).Aggregate(TimeSpan.Zero, (sum, d) => sum + d + _quiet);

    /// <summary>The burst a typing start belongs to (no typing is sent in the quiet time before a burst).</summary>
    private static int BurstOf(TimeSpan sinceGuestStart) =>
        Enumerable.Range(0, _bursts.Length).Last(b => b == 0 || BurstStart(b) - (_quiet / 2) <= sinceGuestStart);

    /// <summary>The variable names of x-gateway's <c>environment</c> in docker-compose.yml (a mapping of 4-space-indented keys).</summary>
    private static HashSet<string> ComposeGatewayEnvironment(string[] lines)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var inGateway = false;
        var inEnvironment = false;
        foreach (var line in lines)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('#'))
            {
                inGateway = line.StartsWith("x-gateway:", StringComparison.Ordinal);
                inEnvironment = false;
            }
            else if (inGateway && line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal) && !line.TrimStart().StartsWith('#'))
            {
                inEnvironment = line.Trim() == "environment:";
            }
            else if (inEnvironment && ComposeEnvironmentKey().Match(line) is { Success: true } key)
            {
                keys.Add(key.Groups[1].Value);
            }
        }

        return keys;
    }

    [GeneratedRegex("^    ([A-Za-z_][A-Za-z0-9_]*):")]
    private static partial Regex ComposeEnvironmentKey();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex EnvironmentLine();
}
