using System.Buffers.Binary;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// Issue 12 D7: a guest frame announcing a payload length whose frame (header + payload) no 64-bit
/// stream position can hold. Such a frame can never be delimited, so the direction becomes opaque
/// and its bytes are forwarded untouched at once, never held until the activity timeout.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class WebSocketStreamFilterFrameLengthTests
{
    /// <summary>Bounds a stall; a forwarded frame arrives within microseconds.</summary>
    private static readonly TimeSpan _noStall = TimeSpan.FromSeconds(1);

    private static readonly byte[] _hello = TestFrames.ClientText("hello", mask: 0x55667788);

    [Theory]
    [InlineData(0x7FFFFFFFFFFFFFF2UL, false)]
    [InlineData(0x7FFFFFFFFFFFFFF3UL, false)]
    [InlineData(0x7FFFFFFFFFFFFFF8UL, false)]
    [InlineData(0x7FFFFFFFFFFFFFFEUL, false)]
    [InlineData(0x7FFFFFFFFFFFFFFFUL, false)]
    [InlineData(0x8000000000000000UL, false)]
    [InlineData(0xFFFFFFFFFFFFFFFFUL, false)]
    [InlineData(0x7FFFFFFFFFFFFFF2UL, true)]
    [InlineData(0x7FFFFFFFFFFFFFFFUL, true)]
    [InlineData(0x8000000000000000UL, true)]
    public async Task ReadAsync_LengthPastStreamPosition_ForwardedUntouchedWithoutStall(ulong payloadLength, bool sizeLimited)
    {
        var connection = new PipeGuestConnection();
        var limit = sizeLimited ? new RecordingMessageSizeLimit(1000) : null;
        using var filter = new WebSocketStreamFilter(connection.ServerSide, new RecordingInspector(_ => false), new WebSocketFilterOptions(), sizeLimit: limit);
        var frame = HugeFrameStart(payloadLength, payloadBytes: 100);
        var expected = TestFrames.Concat(_hello, frame);

        // The guest keeps the connection open: the end of the stream must not be what releases the bytes.
        await connection.SendAsync(_hello, frame);
        var received = new byte[expected.Length];
        await filter.ReadAtLeastAsync(received, expected.Length).AsTask().WaitAsync(_noStall);

        Assert.Equal(expected, received);
        Assert.Equal(0, filter.FramesDropped);
        Assert.Equal((0, 0), (limit?.Rejected ?? 0, limit?.Closed ?? 0));
    }

    /// <summary>A masked binary frame header with the 127 (64-bit) length encoding, and the start of its payload.</summary>
    private static byte[] HugeFrameStart(ulong payloadLength, int payloadBytes)
    {
        var frame = new byte[2 + 8 + 4 + payloadBytes];
        frame[0] = 0x82;
        frame[1] = 0x80 | 127;
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), payloadLength);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(10), 0xA1B2C3D4);
        frame.AsSpan(14).Fill(0x5A);
        return frame;
    }
}
