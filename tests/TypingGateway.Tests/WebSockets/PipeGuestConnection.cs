using System.Buffers;
using System.IO.Pipelines;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// A guest connection in memory: the test plays the guest (sends client frames, receives what the
/// gateway writes to it) and <see cref="ServerSide"/> is what Kestrel's upgrade would return. Reads of
/// <see cref="ServerSide"/> wait for the guest, like a socket, and honour zero-byte reads.
/// </summary>
internal sealed class PipeGuestConnection
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(10);
    private readonly Pipe _fromGuest = new();
    private readonly Pipe _toGuest = new();

    public PipeGuestConnection()
    {
        ServerSide = new DuplexPipeStream(_fromGuest.Reader, _toGuest.Writer);
    }

    public Stream ServerSide { get; }

    public async Task SendAsync(params byte[][] frames)
    {
        foreach (var frame in frames)
        {
            await _fromGuest.Writer.WriteAsync(frame);
        }
    }

    public void EndSending() => _fromGuest.Writer.Complete();

    /// <summary>Receives exactly <paramref name="count"/> bytes the gateway wrote to the guest.</summary>
    public async Task<byte[]> ReceiveAsync(int count)
    {
        while (true)
        {
            var result = await _toGuest.Reader.ReadAsync().AsTask().WaitAsync(_guard);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                _toGuest.Reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            Assert.False(result.IsCompleted, "the gateway stopped writing to the guest early");
            _toGuest.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Bytes written to the guest so far, without waiting.</summary>
    public byte[] ReceivedSoFar()
    {
        if (!_toGuest.Reader.TryRead(out var result))
        {
            return [];
        }

        var bytes = result.Buffer.ToArray();
        _toGuest.Reader.AdvanceTo(result.Buffer.End);
        return bytes;
    }

    private sealed class DuplexPipeStream(PipeReader reader, PipeWriter writer) : Stream
    {
        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var count = (int)Math.Min(buffer.Length, result.Buffer.Length);
            result.Buffer.Slice(0, count).CopyTo(buffer.Span);
            reader.AdvanceTo(result.Buffer.GetPosition(count));
            return count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await writer.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => writer.FlushAsync(cancellationToken).AsTask();

        public override void Flush() => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            reader.Complete();
            writer.Complete();
            base.Dispose(disposing);
        }
    }
}
