using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TypingGateway.Simulator.Tests.Infrastructure;
using TypingGateway.Testing;

namespace TypingGateway.Simulator.Tests.GenesysGuestChat;

/// <summary>
/// The official guest chat client (npm <c>purecloud-guest-chat-client</c> 13.2.0, driven by
/// <c>tests/sdk/genesys-guest-chat.mjs</c>) against the simulator: what the client sends is what the simulator records.
/// </summary>
[Trait("Area", "Simulator")]
[Trait("Category", "OfficialSdk")]
public sealed class GuestChatOfficialClientTests : SimulatorTestBase
{
    private const string Driver = "genesys-guest-chat.mjs";
    private static readonly TimeSpan _driverTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task TypingBurst_TwoSecondsAtTenPerSecond_SimulatorRecordsEveryCallTheClientMade()
    {
        await NodeSdk.RequireAsync();

        var result = await RunDriverAsync(new JsonArray(Typing(at: 0, durationMs: 2000, perSecond: 10)), endAfterMs: 2300);

        var burst = Assert.Single(result["bursts"]!.AsArray());
        Assert.Equal((20, 20), ((int)burst!["keystrokes"]!, (int)burst["calls"]!));
        Assert.Equal("""{"200":20}""", burst["statuses"]!.ToJsonString());
        var conversationId = (string)result["conversationId"]!;
        var memberId = (string)result["memberId"]!;
        var typing = await Sim.GetRecordsAsync(session: conversationId, kind: "genesys-guest.typing");
        Assert.Equal(20, typing.Count);
        Assert.All(typing, record =>
        {
            Assert.Equal(("accepted", "POST", 0L), (record.Outcome, record.Method, record.Length));
            Assert.Equal($"/api/v2/webchat/guest/conversations/{conversationId}/members/{memberId}/typing", record.Path);
            // The client's exact headers: a JSON content type on a body-less POST, and the guest JWT.
            Assert.Equal(("application/json", "application/json", "0"), (record.Headers!["Content-Type"], record.Headers["Accept"], record.Headers["Content-Length"]));
            Assert.Equal((string)result["jwtSha256"]!, BearerSha256(record.Headers["Authorization"]));
        });
    }

    [SkippableFact]
    public async Task Message_OfficialClient_RecordedBodyBytesEqualWhatTheClientSent()
    {
        await NodeSdk.RequireAsync();
        const string text = "héllo \"wörld\" <3 😀 \\ /";

        var result = await RunDriverAsync(new JsonArray(new JsonObject { ["at"] = 0, ["do"] = "message", ["body"] = text }), endAfterMs: 0);

        var message = Assert.Single(result["messages"]!.AsArray())!;
        Assert.Equal(200, (int)message["status"]!);
        Assert.Equal(text, (string)message["response"]!["body"]!);
        var sent = Encoding.UTF8.GetBytes((string)message["sentJson"]!);
        var record = Assert.Single(await Sim.GetRecordsAsync(session: (string)result["conversationId"]!, kind: "genesys-guest.message"));
        Assert.Equal("accepted", record.Outcome);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sent)), record.Sha256);
        Assert.Equal(sent.LongLength, record.Length);
        Assert.Equal((string)result["jwtSha256"]!, BearerSha256(record.Headers!["Authorization"]));
    }

    [SkippableFact]
    public async Task Typing_ClientWithoutJwt_Gets401AndSendsNoAuthorization()
    {
        await NodeSdk.RequireAsync();

        var result = await RunDriverAsync(
            new JsonArray(new JsonObject { ["at"] = 0, ["do"] = "setJwt", ["jwt"] = "none" }, Typing(at: 50, durationMs: 300, perSecond: 10)),
            endAfterMs: 500);

        var burst = Assert.Single(result["bursts"]!.AsArray())!;
        Assert.Equal(3, (int)burst["calls"]!);
        Assert.Equal("""{"401":3}""", burst["statuses"]!.ToJsonString());
        var typing = await Sim.GetRecordsAsync(session: (string)result["conversationId"]!, kind: "genesys-guest.typing");
        Assert.Equal(3, typing.Count);
        Assert.All(typing, record =>
        {
            Assert.Equal("rejected:401", record.Outcome);
            Assert.False(record.Headers!.ContainsKey("Authorization"));
        });
    }

    /// <summary>
    /// Pins a defect of client 13.2.0 the driver works around: after create chat, the client's logger writes
    /// <c>[REDACTED]</c> into <c>ApiClient.defaultHeaders</c>, which every later call merges over the JWT header.
    /// When an upgrade fixes it, this test fails and the workaround in the driver can go.
    /// </summary>
    [SkippableFact]
    public async Task Typing_ClientWithoutWorkaround_SendsRedactedAuthorizationAndGets401()
    {
        await NodeSdk.RequireAsync();

        var result = await RunDriverAsync(new JsonArray(Typing(at: 0, durationMs: 100, perSecond: 10)), endAfterMs: 200, fixRedactedAuthorization: false);

        Assert.Equal("""{"401":1}""", result["bursts"]![0]!["statuses"]!.ToJsonString());
        var record = Assert.Single(await Sim.GetRecordsAsync(session: (string)result["conversationId"]!, kind: "genesys-guest.typing"));
        Assert.Equal(("rejected:401", "[REDACTED]"), (record.Outcome, record.Headers!["Authorization"]));
    }

    [SkippableFact]
    public async Task TypingBurst_ThrottledToOnePerSecond_RecordsOneCallPerSecondOfTyping()
    {
        await NodeSdk.RequireAsync();
        var throttled = Typing(at: 0, durationMs: 2500, perSecond: 10);
        throttled["minIntervalMs"] = 1000;

        var result = await RunDriverAsync(new JsonArray(throttled), endAfterMs: 2700);

        var burst = Assert.Single(result["bursts"]!.AsArray())!;
        Assert.Equal((25, 3), ((int)burst["keystrokes"]!, (int)burst["calls"]!));
        Assert.Equal(3, (await Sim.GetRecordsAsync(session: (string)result["conversationId"]!, kind: "genesys-guest.typing")).Count);
    }

    /// <summary>
    /// Genesys' own widget cadence (driver <c>quietMs: 2000</c>): one call per burst however long, and a new one only
    /// after 2 s without keystrokes: 3 s of typing, a 2.5 s pause, 1 s of typing = 2 calls for 40 keystrokes.
    /// </summary>
    [SkippableFact]
    public async Task TypingBursts_WidgetCadence_OneCallPerBurstSeparatedByTwoQuietSeconds()
    {
        await NodeSdk.RequireAsync();
        var first = Typing(at: 0, durationMs: 3000, perSecond: 10);
        first["quietMs"] = 2000;
        var second = Typing(at: 5400, durationMs: 1000, perSecond: 10);
        second["quietMs"] = 2000;

        var result = await RunDriverAsync(new JsonArray(first, second), endAfterMs: 6600);

        var bursts = result["bursts"]!.AsArray();
        Assert.Equal([(30, 1), (10, 1)], bursts.Select(b => ((int)b!["keystrokes"]!, (int)b["calls"]!)));
        Assert.Equal(2, (await Sim.GetRecordsAsync(session: (string)result["conversationId"]!, kind: "genesys-guest.typing")).Count);
    }

    [SkippableFact]
    public async Task CreateChat_OfficialClient_AttachesTheEventStreamAndClosesItCleanly()
    {
        await NodeSdk.RequireAsync();

        var result = await RunDriverAsync([], endAfterMs: 0);

        Assert.Equal(200, (int)result["create"]!["status"]!);
        Assert.Equal("""{"opened":true,"closeCode":1000,"error":null}""", WithoutTimes(result["eventStream"]!));
        var create = Assert.Single(await Sim.GetRecordsAsync(kind: "genesys-guest.create"));
        Assert.Equal((string)result["create"]!["sentJson"]!, create.Text);
        Assert.False(create.Headers!.ContainsKey("Authorization"));
        Assert.Single(await Sim.GetRecordsAsync(session: (string)result["conversationId"]!, kind: "genesys-guest.events"));
    }

    private static JsonObject Typing(int at, int durationMs, int perSecond) =>
        new() { ["at"] = at, ["do"] = "typing", ["durationMs"] = durationMs, ["perSecond"] = perSecond };

    private async Task<JsonNode> RunDriverAsync(JsonArray steps, int endAfterMs, bool fixRedactedAuthorization = true)
    {
        var argument = new JsonObject
        {
            ["basePath"] = BaseAddress.ToString(),
            ["organizationId"] = "org-1",
            ["deploymentId"] = "dep-1",
            ["fixRedactedAuthorization"] = fixRedactedAuthorization,
            ["steps"] = steps,
            ["endAfterMs"] = endAfterMs,
        };
        var run = await NodeSdk.RunAsync(Driver, argument.ToJsonString(), _driverTimeout);
        Assert.True(run.ExitCode == 0, $"driver exit {run.ExitCode}: {run.Stdout} {run.Stderr}");
        var result = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("[]", result["errors"]!.ToJsonString());
        return result;
    }

    private static string BearerSha256(string authorization)
    {
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..])));
    }

    private static string WithoutTimes(JsonNode stream)
    {
        var copy = stream.DeepClone().AsObject();
        copy.Remove("openedAtMs");
        return copy.ToJsonString(new JsonSerializerOptions());
    }
}
