namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// A guest that never stops sending: <paramref name="first"/> once, then <paramref name="repeated"/> again
/// and again, generated as it is read (nothing is allocated beyond the two frames), up to
/// <paramref name="maxBytes"/> and then the end of the stream, so a test that goes wrong still ends.
/// </summary>
internal sealed class EndlessFrameStream(byte[] first, byte[] repeated, long maxBytes) : Stream
{
    private long _frameOffset;
    private bool _inFirst = first.Length > 0;

    /// <summary>Bytes the reader has taken from this stream so far.</summary>
    public long Consumed { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Serve(buffer.Span));

    public override int Read(byte[] buffer, int offset, int count) => Serve(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Serve(Span<byte> destination)
    {
        var total = 0;
        while (total < destination.Length && Consumed < maxBytes)
        {
            var frame = _inFirst ? first : repeated;
            var count = (int)Math.Min(Math.Min(frame.Length - _frameOffset, destination.Length - total), maxBytes - Consumed);
            frame.AsSpan((int)_frameOffset, count).CopyTo(destination[total..]);
            total += count;
            Consumed += count;
            _frameOffset += count;
            if (_frameOffset == frame.Length)
            {
                _frameOffset = 0;
                _inFirst = false;
            }
        }

        return total;
    }
}
