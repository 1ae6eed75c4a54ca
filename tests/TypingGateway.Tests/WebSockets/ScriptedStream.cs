namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// An in-memory stand-in for the upgraded guest stream: reads serve <paramref name="input"/> in chunks
/// whose sizes <paramref name="chunkSize"/> chooses (given the caller's buffer size), completing
/// synchronously unless <paramref name="completeAsynchronously"/> says otherwise; writes are recorded.
/// </summary>
internal sealed class ScriptedStream(byte[] input, Func<int, int>? chunkSize = null, Func<bool>? completeAsynchronously = null) : Stream
{
    private int _position;

    public MemoryStream Written { get; } = new();

    public int WriteCalls { get; private set; }

    public int ZeroByteReads { get; private set; }

    public bool IsDisposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Starts serving the input from the beginning again (the allocation test replays it).</summary>
    public void Rewind() => _position = 0;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (completeAsynchronously?.Invoke() == true)
        {
            return ReadLaterAsync(buffer, cancellationToken);
        }

        return new ValueTask<int>(Serve(buffer.Span));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        WriteCalls++;
        Written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadLaterAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return Serve(buffer.Span);
    }

    private int Serve(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            ZeroByteReads++;
            return 0;
        }

        var count = Math.Min(input.Length - _position, chunkSize?.Invoke(buffer.Length) ?? buffer.Length);
        count = Math.Min(count, buffer.Length);
        input.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
