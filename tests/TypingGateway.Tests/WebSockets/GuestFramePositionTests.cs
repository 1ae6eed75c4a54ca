using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The reader's position in the guest's frames alone: a frame passed through or discarded takes exactly its own bytes,
/// however they are split across reads, and the next frame's bytes stay buffered; opaque takes everything.
/// </summary>
public sealed class GuestFramePositionTests
{
    [Fact]
    public void New_AtFrameStart()
    {
        var position = new GuestFramePosition();

        Assert.True(position.AtFrameStart);
        Assert.False(position.PassingThrough);
        Assert.False(position.Discarding);
        Assert.False(position.Opaque);
    }

    [Fact]
    public void CopyPassThrough_FrameSplitAcrossReads_TakesExactlyTheFrame()
    {
        var buffer = Buffered(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        var position = new GuestFramePosition();
        position.PassThrough(6);
        var first = new byte[4];
        var second = new byte[10];

        Assert.Equal(4, position.CopyPassThrough(buffer, first));
        Assert.False(position.AtFrameStart);
        Assert.Equal(2, position.CopyPassThrough(buffer, second));

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, first);
        Assert.Equal(new byte[] { 5, 6 }, second[..2]);
        Assert.True(position.AtFrameStart);
        Assert.Equal(new byte[] { 7, 8, 9, 10 }, buffer.Buffered.ToArray());
    }

    [Fact]
    public void CopyPassThrough_FrameLongerThanBuffered_StillPassingThroughForTheRest()
    {
        var buffer = Buffered(1, 2, 3);
        var position = new GuestFramePosition();
        position.PassThrough(5);

        Assert.Equal(3, position.CopyPassThrough(buffer, new byte[10]));
        Assert.True(position.PassingThrough);

        Append(buffer, 4, 5, 6);
        Assert.Equal(2, position.CopyPassThrough(buffer, new byte[10]));
        Assert.True(position.AtFrameStart);
        Assert.Equal(new byte[] { 6 }, buffer.Buffered.ToArray());
    }

    [Fact]
    public void CopyPassThrough_Opaque_TakesEverythingAndNeverReturnsToAFrameStart()
    {
        var buffer = Buffered(1, 2, 3, 4, 5);
        var position = new GuestFramePosition();
        position.EnterOpaque();
        var destination = new byte[8];

        Assert.Equal(5, position.CopyPassThrough(buffer, destination));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, destination[..5]);
        Assert.True(buffer.IsEmpty);
        Assert.True(position.PassingThrough);
        Assert.False(position.AtFrameStart);
    }

    [Fact]
    public void SkipDiscarded_FrameSplitAcrossReads_DropsExactlyTheFrame()
    {
        var buffer = Buffered(1, 2, 3, 4, 5);
        var position = new GuestFramePosition();
        position.Discard(7);

        position.SkipDiscarded(buffer);
        Assert.True(buffer.IsEmpty);
        Assert.True(position.Discarding);
        Assert.False(position.PassingThrough);

        Append(buffer, 6, 7, 8, 9, 10);
        position.SkipDiscarded(buffer);

        Assert.True(position.AtFrameStart);
        Assert.Equal(new byte[] { 8, 9, 10 }, buffer.Buffered.ToArray());
    }

    private static GuestReadBuffer Buffered(params byte[] bytes)
    {
        var buffer = new GuestReadBuffer(64);
        Append(buffer, bytes);
        return buffer;
    }

    private static void Append(GuestReadBuffer buffer, params byte[] bytes)
    {
        bytes.CopyTo(buffer.GetReadMemory());
        buffer.Advance(bytes.Length);
    }
}
