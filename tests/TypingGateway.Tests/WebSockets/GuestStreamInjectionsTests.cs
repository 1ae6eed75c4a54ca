using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The gateway's frames in the guest's stream alone: a queued frame is copied out whole across small reads and counted
/// once done, the queue is bounded, a requested close is taken once, and the gateway's close replaces every queued frame.
/// </summary>
public sealed class GuestStreamInjectionsTests
{
    private int _wakes;

    [Fact]
    public void CopyTo_QueuedFrameAcrossSmallReads_ExactFrameCountedWhenDone()
    {
        var injections = New();
        Assert.True(injections.TryEnqueue("""{"type":"typing"}"""u8.ToArray()));
        Assert.True(injections.TryStartNext());

        var copied = new List<byte>();
        var chunk = new byte[5];
        while (injections.IsCopying)
        {
            Assert.Equal(0, injections.FramesInjected);
            var count = injections.CopyTo(chunk);
            copied.AddRange(chunk[..count]);
        }

        var frame = Assert.Single(TestFrames.Decode(copied.ToArray()));
        Assert.Equal((true, WebSocketOpcode.Text, true), (frame.Fin, frame.Opcode, frame.Masked));
        Assert.Equal("""{"type":"typing"}""", frame.Text);
        Assert.Equal(1, injections.FramesInjected);
        Assert.Equal(1, _wakes);
        Assert.False(injections.TryStartNext());
    }

    [Fact]
    public void TryEnqueue_QueueFull_RefusedUntilCancelled()
    {
        var injections = New(maxPending: 2);

        Assert.True(injections.TryEnqueue("a"u8.ToArray()));
        Assert.True(injections.TryEnqueue("b"u8.ToArray()));
        Assert.False(injections.TryEnqueue("c"u8.ToArray()));
        Assert.Equal(2, injections.CancelPending());

        Assert.False(injections.HasQueued);
        Assert.True(injections.TryEnqueue("d"u8.ToArray()));
        Assert.Equal(3, _wakes);
    }

    [Fact]
    public void RequestClose_TakenOnce_WakesTheReader()
    {
        var injections = New();

        injections.RequestClose(1001, "idle timeout");

        Assert.Equal(1, _wakes);
        Assert.True(injections.CloseRequested);
        Assert.Equal(((ushort)1001, "idle timeout"), injections.TakeCloseRequest());
        Assert.False(injections.CloseRequested);
        Assert.False(injections.ClosedByGateway);
    }

    [Fact]
    public void StartClose_QueuedFramesDroppedAndNewOnesRefused_CloseFrameCopiedOut()
    {
        var injections = New();
        Assert.True(injections.TryEnqueue("a"u8.ToArray()));

        injections.StartClose(1009, "message too big");

        Assert.True(injections.ClosedByGateway);
        Assert.False(injections.HasQueued);
        Assert.False(injections.TryEnqueue("b"u8.ToArray()));
        var buffer = new byte[64];
        var count = injections.CopyTo(buffer);
        var frame = Assert.Single(TestFrames.Decode(buffer.AsSpan(0, count)));
        Assert.Equal((WebSocketOpcode.Close, true), (frame.Opcode, frame.Masked));
        Assert.Equal([0x03, 0xF1, .. "message too big"u8], frame.Payload);
        Assert.False(injections.IsCopying);
        Assert.Equal(1, injections.FramesInjected);
    }

    [Fact]
    public void StopQueuing_QueuedDroppedAndNewOnesRefused()
    {
        var injections = New();
        Assert.True(injections.TryEnqueue("a"u8.ToArray()));

        injections.StopQueuing();

        Assert.False(injections.HasQueued);
        Assert.False(injections.TryEnqueue("b"u8.ToArray()));
        Assert.False(injections.ClosedByGateway);
    }

    [Fact]
    public void Release_FrameHalfCopied_NothingLeftToCopy()
    {
        var injections = New();
        Assert.True(injections.TryEnqueue("a longer payload"u8.ToArray()));
        Assert.True(injections.TryStartNext());
        injections.CopyTo(new byte[3]);

        injections.Release();

        Assert.False(injections.IsCopying);
        Assert.Equal(0, injections.FramesInjected);
        Assert.False(injections.TryEnqueue("b"u8.ToArray()));
    }

    private GuestStreamInjections New(int maxPending = 16) => new(maxPending, () => _wakes++);
}
