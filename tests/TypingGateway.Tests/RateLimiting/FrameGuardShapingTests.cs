using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using TypingGateway.WebSockets;
using static TypingGateway.Tests.RateLimiting.FrameGuardHarness;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>Shaping, closing on sustained abuse and channel constraints of <see cref="FrameGuard"/>.</summary>
[Trait("Area", "RateLimiting")]
public sealed class FrameGuardShapingTests : IDisposable
{
    private static readonly TimeSpan _wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _tick = TimeSpan.FromTicks(1);

    // Held: 2/s (one each 500 ms), burst 1, held back at most 1 s. Abusive: 1/s, burst 1, allowance 11 per 10 s.
    private readonly FrameGuardHarness _harness = new(
        Policy("held", 2, 1, ("Mode", "Shape"), ("MaxDelay", "00:00:01")),
        Policy("abusive", 1, 1, ("CloseAtMultiple", "1")),
        Policy("twice", 0.5, 2, ("CloseAtMultiple", "2")),
        Policy("never", 1, 1, ("CloseAtMultiple", "0")));

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task CheckAsync_ShapedMessage_CompletesOnlyAfterTheDelay()
    {
        var guard = _harness.Guard(Settings(messages: "held"));
        Assert.Null(await Message(guard));

        var held = Message(guard);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500) - _tick);
        var completedEarly = held.IsCompleted;
        _harness.Time.Advance(_tick);

        Assert.False(completedEarly);
        Assert.Null(await held.WaitAsync(_wait));
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(1, _harness.Decisions("shaped"));
    }

    [Fact]
    public async Task CheckAsync_ShapedMessages_ReleasedInOrder()
    {
        var guard = _harness.Guard(Settings(messages: "held"));
        await Message(guard);

        var second = Message(guard);
        var third = Message(guard);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        await second.WaitAsync(_wait);
        var thirdAfterSecond = third.IsCompleted;
        _harness.Time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.False(thirdAfterSecond);
        Assert.Null(await third.WaitAsync(_wait));
        Assert.Equal(2, _harness.Decisions("shaped"));
    }

    [Fact]
    public async Task CheckAsync_ShapingBeyondMaxDelay_DropAndFrame()
    {
        var guard = _harness.Guard(Settings(messages: "held"));
        var admitted = new[] { Message(guard), Message(guard), Message(guard) };

        var beyond = Message(guard);

        Assert.True(beyond.IsCompleted);
        Assert.Equal(FrameVerdict.Drop, await beyond);
        Assert.Equal([TooManyRequests], _harness.Guest.Frames);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([null, null, null], await Task.WhenAll(admitted).WaitAsync(_wait));
    }

    [Fact]
    public async Task CheckAsync_ShapedMessageCancelled_Throws()
    {
        var guard = _harness.Guard(Settings(messages: "held"));
        await Message(guard);
        using var cancellation = new CancellationTokenSource();

        var held = guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(_wait));
    }

    [Fact]
    public async Task CheckAsync_MoreThanMultipleOfAllowance_Close()
    {
        var guard = _harness.Guard(Settings(messages: "abusive"));

        var verdicts = await MessagesAsync(guard, 11);
        var twelfth = await Message(guard);

        Assert.Equal([null, .. Enumerable.Repeat<FrameVerdict?>(FrameVerdict.Drop, 10)], verdicts);
        Assert.Equal(FrameVerdict.Close, twelfth);
        Assert.Equal(10, _harness.Guest.Frames.Count);
        Assert.Equal(1, _harness.Decisions("closed"));
    }

    [Fact]
    public async Task CheckAsync_CloseAtMultipleTwo_CloseAfterTwiceBurstPlusTenSecondsOfRate()
    {
        var guard = _harness.Guard(Settings(messages: "twice"));

        var verdicts = await MessagesAsync(guard, 15); // allowance 2 + 10 s × 0.5/s = 7, twice: 14

        Assert.DoesNotContain(FrameVerdict.Close, verdicts[..14]);
        Assert.Equal(FrameVerdict.Close, verdicts[14]);
    }

    [Fact]
    public async Task CheckAsync_NewWindowAfterTenSeconds_CountStartsAgain()
    {
        var guard = _harness.Guard(Settings(messages: "abusive"));
        await MessagesAsync(guard, 11);

        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        var verdicts = await MessagesAsync(guard, 12);

        Assert.DoesNotContain(FrameVerdict.Close, verdicts[..11]);
        Assert.Equal(FrameVerdict.Close, verdicts[11]);
    }

    [Fact]
    public async Task CheckAsync_FrameClassesCountedApart_NoClose()
    {
        // Not Genesys: there typing is also charged to the message policy (FrameGuardTests …StartYields…).
        var guard = _harness.Guard(Settings(messages: "abusive", typing: "abusive", other: "abusive"), genesys: false);

        var verdicts = new List<FrameVerdict?>();
        for (var i = 0; i < 11; i++)
        {
            verdicts.Add(await Message(guard));
            verdicts.Add(await guard.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None));
            verdicts.Add(await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None));
        }

        Assert.DoesNotContain(FrameVerdict.Close, verdicts);
        Assert.Equal(FrameVerdict.Close, await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_CloseAtMultipleZero_NeverClose()
    {
        var guard = _harness.Guard(Settings(messages: "never"));

        var verdicts = await MessagesAsync(guard, 200);

        Assert.Equal(199, verdicts.Count(v => v == FrameVerdict.Drop));
        Assert.Equal(0, _harness.Decisions("closed"));
    }

    [Fact]
    public async Task CheckAsync_TextTooLong_DropWithMessageTooLongAndNoPermitTaken()
    {
        var guard = _harness.Guard(Settings(messages: "abusive", maxTextLength: 5));

        var tooLong = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame("Hello!"), CancellationToken.None);
        var exact = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame("Hello"), CancellationToken.None);

        Assert.Equal(FrameVerdict.Drop, tooLong);
        Assert.Null(exact);
        Assert.Equal([MessageTooLong], _harness.Guest.Frames);
        Assert.Equal(1, _harness.PolicyDecisions("constraints"));
    }

    [Fact]
    public async Task CheckAsync_AttachmentTypeNotAllowed_DropWithError400()
    {
        var guard = _harness.Guard(new WebSocketGuardSettings(null, null, null, null, new HashSet<string>(["image/png"], StringComparer.OrdinalIgnoreCase), null));
        var attachment = """{"token":"tok-a","attachmentId":"a-1","fileName":"x.exe","fileType":"application/x-msdownload","fileSize":1,"action":"onAttachment"}"""u8.ToArray();

        var verdict = await guard.CheckAsync(TypingSignal.Other, attachment, CancellationToken.None);

        Assert.Equal(FrameVerdict.Drop, verdict);
        Assert.Equal(["""{"type":"response","class":"string","code":400,"body":"file type not allowed"}"""], _harness.Guest.Frames);
    }

    [Fact]
    public async Task CheckAsync_ConstraintsOnNonGenesysGuard_NotChecked()
    {
        var guard = _harness.Guard(Settings(maxTextLength: 1), genesys: false);

        Assert.Null(await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame("Hello"), CancellationToken.None));
        Assert.Empty(_harness.Guest.Frames);
    }

    private static Task<FrameVerdict?> Message(FrameGuard guard) =>
        guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None).AsTask();
}
