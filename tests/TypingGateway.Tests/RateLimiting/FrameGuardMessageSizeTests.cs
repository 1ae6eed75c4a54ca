using TypingGateway.Tests.WebSockets;
using TypingGateway.WebSockets;
using static TypingGateway.Tests.RateLimiting.FrameGuardHarness;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>The guard's side of MaxMessageBytes: the limit it hands the frame filter and its answer to a message over it.</summary>
[Trait("Area", "RateLimiting")]
public sealed class FrameGuardMessageSizeTests : IDisposable
{
    private readonly FrameGuardHarness _harness = new(Policy("messages", 1, 1));

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void MessageSizeLimit_RouteSetsNone_Null()
    {
        var guard = _harness.Guard(Settings(messages: "messages", maxTextLength: 4000));

        Assert.Null(guard.MessageSizeLimit);
    }

    [Fact]
    public void MessageSizeLimit_RouteSetsOne_ItsBytes()
    {
        var guard = _harness.Guard(Settings(maxMessageBytes: 65_536));

        Assert.Equal(65_536, guard.MessageSizeLimit?.MaxMessageBytes);
    }

    [Fact]
    public void TryDiscardMessage_Genesys_Discards4011FrameToGuestRejectedDecision()
    {
        var limit = _harness.Guard(Settings(maxMessageBytes: 100)).MessageSizeLimit!;

        var discarded = limit.TryDiscardMessage();

        Assert.True(discarded);
        Assert.Equal([MessageTooLong], _harness.Guest.Frames);
        Assert.Equal((1, 1), (_harness.PolicyDecisions("constraints"), _harness.Decisions("rejected")));
    }

    [Fact]
    public void TryDiscardMessage_NotGenesys_NoAnswerSoTheFilterCloses()
    {
        var limit = _harness.Guard(Settings(maxMessageBytes: 100), genesys: false).MessageSizeLimit!;

        var discarded = limit.TryDiscardMessage();
        limit.OnClosedOverLimit();

        Assert.False(discarded);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal((1, 1, 0), (_harness.PolicyDecisions("constraints"), _harness.Decisions("closed"), _harness.Decisions("rejected")));
    }

    [Fact]
    public void OnClosedOverLimit_Genesys_ClosedDecisionNoFrame()
    {
        var limit = _harness.Guard(Settings(maxMessageBytes: 100)).MessageSizeLimit!;

        limit.OnClosedOverLimit();

        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal((1, 1), (_harness.PolicyDecisions("constraints"), _harness.Decisions("closed")));
    }

    [Fact]
    public async Task CheckAsync_OnlyMessageSizeLimit_MessagesGoOnUnchecked()
    {
        var guard = _harness.Guard(Settings(maxMessageBytes: 10));

        var verdicts = await MessagesAsync(guard, 3);

        Assert.Equal([null, null, null], verdicts);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(0, _harness.PolicyDecisions("constraints"));
    }

    [Fact]
    public async Task Filter_GenesysGuardOversizedMessage_Guest4011AndNextMessageForwarded()
    {
        var guard = _harness.Guard(Settings(maxMessageBytes: 1000));
        var next = MessageFrame("next").ToArray();
        var input = TestFrames.Concat(TestFrames.Build(WebSocketOpcode.Text, new byte[3_000], mask: 0x1234), TestFrames.Build(WebSocketOpcode.Text, next, mask: 0x5678));
        var filter = new WebSocketStreamFilter(new ScriptedStream(input, _ => 4096), new RecordingInspector(_ => false), new WebSocketFilterOptions(), sizeLimit: guard.MessageSizeLimit);

        var output = await filter.ReadToEndAsync(4096);

        Assert.Equal(next, Assert.Single(TestFrames.Decode(output)).Payload);
        Assert.Equal([MessageTooLong], _harness.Guest.Frames);
    }
}
