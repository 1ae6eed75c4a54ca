using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TypingGateway.Simulator.Tests.Infrastructure;
using TypingGateway.Testing;

namespace TypingGateway.Simulator.Tests.CXone;

/// <summary>
/// The official NICE CXone web SDK 2.2.0 (npm, unmodified) against the simulator: what a real guest sends,
/// and proof that the simulator answers as the SDK needs (authorize, sendTextMessage, agent messages).
/// </summary>
[Trait("Area", "Simulator")]
[Trait("Sdk", "CXone")]
public sealed class CXoneOfficialSdkTests : SimulatorTestBase
{
    private const int BrandId = 1234;
    private const string ChannelId = "chat_1";
    private const string ThreadId = "thread-sdk-1";
    private static readonly TimeSpan _runTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task HappyPath_AuthorizesTypesOnceSendsAndReceivesTheAgentMessage()
    {
        await NodeSdk.RequireAsync();
        const string customerId = "cust-happy";
        const string text = "Hello from the official SDK <ü>";
        var run = CXoneGuest.RunAsync(Argument(customerId, endAfterMs: 5000, ["a"],
            new { at = 0, tab = "a", @do = "keystrokes", durationMs = 1000, perSecond = 10 },
            new { at = 2500, tab = "a", @do = "message", text }), _runTimeout);

        // The agent answers once the guest's message is in.
        await WaitForKindAsync(customerId, "cxone.SendMessage", run);
        Assert.Equal(1, await Sim.SendCXoneAgentMessageAsync(customerId, "Hello from the agent"));
        var (process, result) = await run;

        Assert.True(process.ExitCode == 0, process.Stderr);
        var tab = Assert.Single(result!.Tabs);
        Assert.Equal(customerId, tab.ConsumerId);
        Assert.Empty(tab.Errors);
        var burst = Assert.Single(tab.Bursts);
        Assert.Equal(10, burst.Keystrokes);
        var sent = Assert.Single(tab.Messages);
        Assert.NotNull(sent.ResolvedAt);
        Assert.Equal(["Hello from the agent"], tab.AgentMessages.Select(m => m.Text));
        Assert.Equal([text], tab.OwnMessages.Select(m => m.Text));

        var records = await Sim.GetRecordsAsync(session: customerId);
        Assert.Equal(
            ["cxone.AuthorizeCustomer", "cxone.SenderTypingStarted", "cxone.SenderTypingEnded", "cxone.SendMessage", "cxone.close"],
            records.Select(r => r.Kind));
        Assert.All(records, r => Assert.Equal("accepted", r.Outcome));
        var started = records[1];
        var ended = records[2];
        Assert.True(started.Time.ToUnixTimeMilliseconds() >= burst.FirstKeystrokeAt);
        Assert.True(
            ended.Time.ToUnixTimeMilliseconds() >= burst.LastKeystrokeAt + 1000,
            $"SenderTypingEnded at {ended.Time.ToUnixTimeMilliseconds()}, last keystroke at {burst.LastKeystrokeAt}");
        AssertTypingFrame("SenderTypingStarted", customerId, started);
        AssertTypingFrame("SenderTypingEnded", customerId, ended);

        using var message = JsonDocument.Parse(records[3].Text!);
        Assert.Equal(sent.EventId, message.RootElement.GetProperty("eventId").GetString());
        Assert.Equal(text, message.RootElement.GetProperty("payload").GetProperty("data").GetProperty("messageContent").GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(1, await ChannelInfoRequestsAsync());
    }

    [SkippableFact]
    public async Task MessageInsideABurst_IsFollowedBySenderTypingEndedOneSecondAfterTheLastKeystroke()
    {
        await NodeSdk.RequireAsync();
        const string customerId = "cust-interrupt";

        // Keystrokes 0..900 ms, the message at 500 ms: sendTextMessage() does not stop the typing timer.
        var (process, result) = await CXoneGuest.RunAsync(Argument(customerId, endAfterMs: 3000, ["a"],
            new { at = 0, tab = "a", @do = "keystrokes", durationMs = 1000, perSecond = 10 },
            new { at = 500, tab = "a", @do = "message", text = "sent while typing" }), _runTimeout);

        Assert.True(process.ExitCode == 0, process.Stderr);
        var burst = Assert.Single(Assert.Single(result!.Tabs).Bursts);
        var records = await Sim.GetRecordsAsync(session: customerId);
        Assert.Equal(
            ["cxone.AuthorizeCustomer", "cxone.SenderTypingStarted", "cxone.SendMessage", "cxone.SenderTypingEnded", "cxone.close"],
            records.Select(r => r.Kind));
        Assert.True(records[3].Time.ToUnixTimeMilliseconds() >= burst.LastKeystrokeAt + 1000);
    }

    [SkippableFact]
    public async Task TwoTabs_OneGuest_BothAuthorizeAndBothReceiveEveryMessage()
    {
        await NodeSdk.RequireAsync();
        const string customerId = "cust-tabs";
        var run = CXoneGuest.RunAsync(Argument(customerId, endAfterMs: 4000, ["a", "b"],
            new { at = 0, tab = "a", @do = "keystrokes", durationMs = 300, perSecond = 10 },
            new { at = 1500, tab = "a", @do = "message", text = "from tab a" },
            new { at = 1500, tab = "b", @do = "stopTyping" }), _runTimeout);

        await WaitForKindAsync(customerId, "cxone.SendMessage", run);
        Assert.Equal(2, await Sim.SendCXoneAgentMessageAsync(customerId, "to both tabs"));
        var (process, result) = await run;

        Assert.True(process.ExitCode == 0, process.Stderr);
        Assert.Equal(["a", "b"], result!.Tabs.Select(t => t.Name));
        Assert.All(result.Tabs, t =>
        {
            Assert.Equal(customerId, t.ConsumerId);
            Assert.Equal(["to both tabs"], t.AgentMessages.Select(m => m.Text));
            Assert.Equal(["from tab a"], t.OwnMessages.Select(m => m.Text));
        });

        // stopTyping() sends SenderTypingEnded even from a tab that never typed.
        var counts = await Sim.GetCountsAsync(session: customerId);
        Assert.Equal(2, counts.ByKind["cxone.AuthorizeCustomer"]);
        Assert.Equal(1, counts.ByKind["cxone.SenderTypingStarted"]);
        Assert.Equal(2, counts.ByKind["cxone.SenderTypingEnded"]);
        Assert.Equal(1, counts.ByKind["cxone.SendMessage"]);
    }

    private object Argument(string customerId, int endAfterMs, string[] tabs, params object[] steps) => new
    {
        brandId = BrandId,
        channelId = ChannelId,
        customerId,
        threadId = ThreadId,
        endAfterMs,
        timeoutMs = 45_000,
        tabs = tabs.Select(name => CXoneGuest.Tab(name, BaseAddress, new Uri(BaseAddress, "cxone"))).ToArray(),
        steps,
    };

    // The exact bytes the SDK sends for typing: no access token, "visitor":{} (visitorId is empty in the README usage).
    private static void AssertTypingFrame(string eventType, string customerId, RecordedItem record)
    {
        var expected = $$$$"""{"action":"chatWindowEvent","eventId":"<uuid>","payload":{"eventType":"{{{{eventType}}}}","brand":{"id":{{{{BrandId}}}}},"channel":{"id":"{{{{ChannelId}}}}"},"consumerIdentity":{"idOnExternalPlatform":"{{{{customerId}}}}"},"data":{"thread":{"idOnExternalPlatform":"{{{{ThreadId}}}}"}},"destination":{},"visitor":{},"visit":{}}}""";
        Assert.Equal(expected, FrameText.NormalizeIds(record.Text!));
        var bytes = Encoding.UTF8.GetBytes(record.Text!);
        Assert.Equal(bytes.Length, record.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), record.Sha256);
    }

    private async Task WaitForKindAsync(string session, string kind, Task<(NodeResult Process, CXoneGuest.Result? Result)> run)
    {
        var wait = Sim.WaitForRecordsAsync(r => r.Count > 0, TimeSpan.FromSeconds(30), session, kind);
        if (await Task.WhenAny(wait, run) == run)
        {
            var (process, _) = await run;
            Assert.Fail($"The driver ended (exit {process.ExitCode}) before a {kind} arrived: {process.Stderr}");
        }

        await wait;
    }

    private async Task<int> ChannelInfoRequestsAsync() =>
        (await Sim.GetRecordsAsync(kind: "cxone.channelInfo")).Count;
}
