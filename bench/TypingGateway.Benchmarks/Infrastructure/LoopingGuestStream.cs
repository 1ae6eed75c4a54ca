namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>
/// A guest sending a steady burst: an endless replay of pre-built frames. Every read completes at once with
/// as many bytes as asked for (up to the end of the pattern; it then starts over), as when frames wait in the
/// socket buffer, so a benchmark measures the filter, not I/O. It never ends, so the filter never sees the end
/// of the stream and one filter serves every iteration: the source rewinds itself instead of being rebuilt.
/// </summary>
internal sealed class LoopingGuestStream(byte[] pattern) : BenchmarkStream
{
    private int _position;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A zero-byte read asks whether data is ready: it always is.
        var count = Math.Min(buffer.Length, pattern.Length - _position);
        pattern.AsSpan(_position, count).CopyTo(buffer.Span);
        _position = (_position + count) % pattern.Length;
        return new ValueTask<int>(count);
    }
}
