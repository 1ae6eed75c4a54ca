using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Simulator;
using TypingGateway.Testing;
using Xunit.Abstractions;

namespace TypingGateway.IntegrationTests.Typing;

/// <summary>
/// The official Genesys guest chat client (npm <c>purecloud-guest-chat-client</c> 13.2.0) typing at 10 calls a second
/// through 3 gateway instances sharing Redis (each call to the next instance, as a load balancer spreads them), with
/// the shipped configuration: the platform gets one typing call per burst (the <c>genesys-guest-chat</c> profile:
/// no refresh, a new burst after 2 s of silence, as Genesys' own widget), and the messages and the guest's
/// <c>Authorization</c> byte for byte.
/// </summary>
[Trait("Area", "Typing")]
[Trait("Sdk", "GenesysGuestChat")]
[Collection(RedisCollection.Name)]
public sealed class GenesysGuestChatOfficialClientTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private ShippedDeployment _deployment = null!;

    private SimulatorServer Simulator => _deployment.Simulator;

    public async Task InitializeAsync() => _deployment = await ShippedDeployment.StartAsync(3, redis.Configuration);

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [SkippableFact]
    public async Task BurstsOf3s7s8sAtTenCallsPerSecond_OneUpstreamCallPerBurst_MessagesAndAuthorizationUntouched()
    {
        await NodeSdk.RequireAsync();
        int[] bursts = [3000, 7000, 8000];
        var steps = new JsonArray();
        var at = 0;
        foreach (var duration in bursts)
        {
            steps.Add(new JsonObject { ["at"] = at, ["do"] = "typing", ["durationMs"] = duration, ["perSecond"] = 10 });
            at += duration + 500;
            steps.Add(new JsonObject { ["at"] = at, ["do"] = "message", ["body"] = $"after {duration} ms of typing: héllo \"wörld\" 😀" });
            at += 2500; // quiet for 3 s in all before the next burst
        }

        var gateways = _deployment.Gateways.Instances.Select(g => (JsonNode)g.BaseAddress.ToString()).ToArray();
        var argument = new JsonObject
        {
            ["basePath"] = _deployment.Gateways[0].BaseAddress.ToString(),
            ["basePaths"] = new JsonArray(gateways),
            ["organizationId"] = "org-1",
            ["deploymentId"] = "dep-1",
            ["steps"] = steps,
            ["endAfterMs"] = at,
        };
        var process = await NodeSdk.RunAsync("genesys-guest-chat.mjs", argument.ToJsonString(), TimeSpan.FromSeconds(90));
        Assert.True(process.ExitCode == 0, process.Stderr + process.Stdout);
        var result = JsonNode.Parse(process.Stdout)!;

        var conversationId = (string)result["conversationId"]!;
        var typing = await Simulator.Client.GetRecordsAsync(session: conversationId, kind: "genesys-guest.typing");
        var sentCalls = result["bursts"]!.AsArray().Select(b => (int)b!["calls"]!).ToList();
        output.WriteLine($"bursts {string.Join("/", bursts)} ms at 10 calls/s: the client made {string.Join("/", sentCalls)} calls, the platform got {typing.Count}");
        Assert.Equal(bursts.Select(d => d / 100), sentCalls); // 10 calls a second, every one answered
        Assert.All(result["bursts"]!.AsArray(), b => Assert.Equal($$"""{"200":{{(int)b!["calls"]!}}}""", b["statuses"]!.ToJsonString()));
        Assert.Equal(bursts.Length, typing.Count); // ceil(D / StartInterval) with no refresh: one per burst

        // Each recorded call is the first of its burst, in order, and the guest's own Authorization went through.
        var jwtSha = (string)result["jwtSha256"]!;
        Assert.All(typing, record => Assert.Equal(jwtSha, BearerSha256(record.Headers!["Authorization"])));

        var messages = await Simulator.Client.GetRecordsAsync(session: conversationId, kind: "genesys-guest.message");
        var sent = result["messages"]!.AsArray().Select(m => (string)m!["sentJson"]!).ToList();
        Assert.Equal(sent.Count, messages.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(sent[i]);
            Assert.Equal((Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength), (messages[i].Sha256, messages[i].Length));
            Assert.Equal(jwtSha, BearerSha256(messages[i].Headers!["Authorization"]));
            Assert.Equal(200, (int)result["messages"]![i]!["status"]!);
        }
    }

    private static string BearerSha256(string authorization)
    {
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..])));
    }
}
