using System.Threading.Tasks.Sources;

namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>
/// A guest that types: one frame at a time with pauses in between, so every read first finds the socket empty
/// and waits. <see cref="Deliver"/> plays the arriving packet: it completes the pending read on the calling
/// thread, as a socket completion does, without allocating (a reusable <see cref="IValueTaskSource{TResult}"/>,
/// like Kestrel's).
/// </summary>
internal sealed class IdleGuestStream : BenchmarkStream, IValueTaskSource<int>
{
    // Continuations run inline: the benchmark thread carries the filter's work, as the I/O thread would.
    private ManualResetValueTaskSourceCore<int> _read;
    private Memory<byte> _readBuffer;
    private bool _readPending;
    private ReadOnlyMemory<byte> _available;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_readPending)
        {
            throw new InvalidOperationException("One read at a time.");
        }

        if (!_available.IsEmpty)
        {
            return new ValueTask<int>(Serve(buffer.Span));
        }

        _read.Reset();
        _readBuffer = buffer;
        _readPending = true;
        return new ValueTask<int>(this, _read.Version);
    }

    /// <summary>The guest's next packet arrives.</summary>
    /// <exception cref="InvalidOperationException">Nobody was waiting for it: the reader did not go idle.</exception>
    public void Deliver(ReadOnlyMemory<byte> packet)
    {
        if (!_readPending || !_available.IsEmpty)
        {
            throw new InvalidOperationException("A packet arrived while nobody waited for one, or the last one was not read.");
        }

        _available = packet;
        _readPending = false;
        var buffer = _readBuffer;
        _readBuffer = default;
        _read.SetResult(Serve(buffer.Span));
    }

    public int GetResult(short token) => _read.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _read.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    /// <summary>A zero-byte read only learns that data is ready; a real one takes what fits.</summary>
    private int Serve(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _available.Length);
        _available.Span[..count].CopyTo(buffer);
        _available = _available[count..];
        return count;
    }
}
