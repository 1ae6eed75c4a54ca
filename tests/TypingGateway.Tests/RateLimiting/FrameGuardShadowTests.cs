using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using TypingGateway.WebSockets;
using static TypingGateway.Tests.RateLimiting.FrameGuardHarness;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>
/// <see cref="FrameGuard"/> deciding for a route in shadow (<see cref="FrameGuard.Observing"/>): the same verdicts, counts,
/// charges and shaping waits as enforcing (its caller decides after forwarding, so a wait holds no frame), and no error
/// frame to the guest; a message the frame reader discards is answered all the same.
/// </summary>
[Trait("Area", "Shadow")]
public sealed class FrameGuardShadowTests : IDisposable
{
    private readonly FrameGuardHarness _harness = new(
        Policy("messages", 1, 1, ("CloseAtMultiple", "0")),
        Policy("held", 2, 1, ("Mode", "Shape"), ("MaxDelay", "00:00:01")),
        Policy("abusive", 1, 1, ("CloseAtMultiple", "1")));

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task OverLimit_SameVerdictAndCount_NoFrameToTheGuest()
    {
        var guard = Observing(Settings(messages: "messages"));

        var verdicts = await MessagesAsync(guard, 3);

        Assert.Equal([null, FrameVerdict.Drop, FrameVerdict.Drop], verdicts);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(2, _harness.Decisions("rejected"));
    }

    [Fact]
    public async Task Shaped_WaitsAsEnforcing_NothingToTheGuest()
    {
        var guard = Observing(Settings(messages: "held"));
        Assert.Null(await Message(guard));

        var held = Message(guard);
        var completedEarly = held.IsCompleted;
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.False(completedEarly);
        Assert.Null(await held.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, _harness.Decisions("shaped"));
        Assert.Equal(0, _harness.Decisions("rejected"));
        Assert.Empty(_harness.Guest.Frames);
    }

    [Fact]
    public async Task TextTooLong_DropVerdictCounted_NoMessageTooLongFrame()
    {
        var guard = Observing(Settings(messages: "messages", maxTextLength: 5));

        var verdict = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame("Hello world"), CancellationToken.None);

        Assert.Equal(FrameVerdict.Drop, verdict);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(1, _harness.PolicyDecisions("constraints"));
    }

    [Fact]
    public async Task Abuse_CloseVerdictOnce()
    {
        var guard = Observing(Settings(messages: "abusive"));

        var sent = 0;
        FrameVerdict? verdict = null;
        while (verdict != FrameVerdict.Close && sent < 50)
        {
            verdict = await Message(guard);
            sent++;
        }

        Assert.Equal(FrameVerdict.Close, verdict);
        Assert.Equal(1, _harness.Decisions("closed"));
        Assert.Empty(_harness.Guest.Frames);
    }

    [Fact]
    public async Task SwitchedToEnforce_TheSameGuardAnswersTheGuestAgain()
    {
        var guard = Observing(Settings(messages: "messages"));
        await MessagesAsync(guard, 2);
        Assert.Empty(_harness.Guest.Frames);

        guard.Observing = false;
        var verdicts = await MessagesAsync(guard, 1);

        Assert.Equal([FrameVerdict.Drop], verdicts);
        Assert.Equal([TooManyRequests], _harness.Guest.Frames);
    }

    [Fact]
    public void OversizeMessageDiscardedByTheReader_AnsweredEvenWhileObserving()
    {
        var guard = Observing(Settings(messages: "messages", maxMessageBytes: 10));

        Assert.True(((IGuestMessageSizeLimit)guard).TryDiscardMessage());
        Assert.Equal([MessageTooLong], _harness.Guest.Frames);
    }

    private FrameGuard Observing(WebSocketGuardSettings settings)
    {
        var guard = _harness.Guard(settings);
        guard.Observing = true;
        return guard;
    }

    private static Task<FrameVerdict?> Message(FrameGuard guard) =>
        guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None).AsTask();
}
