namespace TypingGateway.Tests.WebSockets;

/// <summary>An inner stream whose writes wait until the test opens the gate, like a guest that reads slowly.</summary>
internal sealed class GatedWriteStream : Stream
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(long Length, TaskCompletionSource Reached)> _waiters = [];

    public MemoryStream Written { get; } = new();

    public int WritesStarted { get; private set; }

    public override bool CanRead => false;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Lets every waiting and future write through.</summary>
    public void Open() => _gate.TrySetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        WritesStarted++;
        await _gate.Task.WaitAsync(cancellationToken);
        lock (Written)
        {
            Written.Write(buffer.Span);
            foreach (var waiter in _waiters.Where(w => Written.Length >= w.Length))
            {
                waiter.Reached.TrySetResult();
            }
        }
    }

    /// <summary>Completes once at least <paramref name="length"/> bytes have been written.</summary>
    public Task WhenWrittenAsync(long length)
    {
        lock (Written)
        {
            if (Written.Length >= length)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((length, reached));
            return reached.Task;
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush() => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
