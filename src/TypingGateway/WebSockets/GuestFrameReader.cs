using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace TypingGateway.WebSockets;

/// <summary>
/// The guest → upstream half of <see cref="WebSocketStreamFilter"/>: reads the guest's bytes into a pooled
/// buffer, finds frame boundaries, lets the inspector drop small text frames, and inserts gateway frames
/// between messages, and discards data messages over the route's size limit. Every other byte is handed
/// to the caller exactly as received, streamed, never buffered whole. One reader at a time (the proxy's
/// copy loop); injections may come from any thread.
/// </summary>
/// <remarks>
/// The reader decides what happens next; the state each decision reads is held by a part of its own: the bytes read
/// (<see cref="GuestReadBuffer"/>), the position in the guest's frames (<see cref="GuestFramePosition"/>) and messages
/// (<see cref="WebSocketMessageState"/>), the size limit (<see cref="GuestMessageSizeGuard"/>), the gateway's frames
/// (<see cref="GuestStreamInjections"/>) and the wait for a silent guest (<see cref="GuestReadWait"/>).
/// </remarks>
internal sealed partial class GuestFrameReader(
    Stream inner,
    IGuestFrameInspector inspector,
    WebSocketFilterOptions options,
    IGuestMessageSizeLimit? sizeLimit,
    TimeProvider timeProvider,
    ILogger logger,
    CancellationToken lifetime) : IDisposable
{
    // The wait for the guest and the gateway frames that wake it, made together: a frame queued from another thread
    // (or a close request) wakes a reader waiting for a silent guest.
    private readonly (GuestReadWait Wait, GuestStreamInjections Injections) _reading = CreateReading(options.MaxPendingInjections);
    private readonly WebSocketMessageState _messages = new(WebSocketFrameDirection.ClientToServer);

    private readonly GuestFramePosition _frame = new();
    private bool _endOfStream;

    private long _framesInspected;
    private long _framesDropped;

    private bool _disposed;

    private GuestReadWait Wait => _reading.Wait;

    private GuestStreamInjections Injections => _reading.Injections;

    private static (GuestReadWait, GuestStreamInjections) CreateReading(int maxPendingInjections)
    {
        var wait = new GuestReadWait();
        return (wait, new GuestStreamInjections(maxPendingInjections, wait.WakeForFrame));
    }

    /// <summary>What the read loop does next.</summary>
    private enum Step
    {
        /// <summary>Return the count to the caller.</summary>
        Return,

        /// <summary>State changed; go round again.</summary>
        Again,

        /// <summary>A complete candidate is buffered: ask the inspector (asynchronous).</summary>
        Inspect,

        /// <summary>More guest bytes are needed and the inner read is pending (asynchronous).</summary>
        Wait,
    }

    public long FramesInspected => Interlocked.Read(ref _framesInspected);

    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    public long FramesInjected => Injections.FramesInjected;

    /// <summary>Between messages, where a gateway frame may go next.</summary>
    private bool AtInjectionPoint => _frame.AtFrameStart && _messages.AtMessageBoundary;

    public bool TryInject(ReadOnlyMemory<byte> utf8TextPayload) => Injections.TryEnqueue(utf8TextPayload);

    public int CancelPendingInjections() => Injections.CancelPending();

    /// <summary>
    /// Ends the guest's side toward the upstream at the guest's next message boundary, as a Close verdict does: a
    /// masked Close frame with <paramref name="statusCode"/>, then end of stream. Nothing if the guest's own Close
    /// went first. Any thread; wakes a read waiting for the guest.
    /// </summary>
    public void RequestClose(ushort statusCode, string reason) => Injections.RequestClose(statusCode, reason);

    /// <summary>
    /// Everything that completes without waiting (copying buffered bytes, parsing headers, reads the guest
    /// stream completes at once) runs here without an async state machine: pass-through allocates nothing
    /// per frame, in Debug builds too. Inspection and waiting continue in <see cref="ReadSlowAsync"/>.
    /// </summary>
    public ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var step = RunSynchronousSteps(destination.Span, out var count);
        return step == Step.Return ? new ValueTask<int>(count) : ReadSlowAsync(destination, step, cancellationToken);
    }

    // Pooled: a guest's frame usually arrives after a pause, so this runs (and would allocate its state machine) once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadSlowAsync(Memory<byte> destination, Step step, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (step == Step.Inspect)
            {
                await InspectCandidateAsync(cancellationToken);
            }
            else
            {
                await WaitForGuestAsync(cancellationToken);
            }

            step = RunSynchronousSteps(destination.Span, out var count);
            if (step == Step.Return)
            {
                return count;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> as far as it goes without waiting, across frames: many small
    /// frames in one guest packet make one read and one upstream write, as without the filter.
    /// </summary>
    /// <returns><see cref="Step.Return"/> with the bytes produced, or the asynchronous step needed before any byte can be.</returns>
    private Step RunSynchronousSteps(Span<byte> destination, out int total)
    {
        total = 0;
        while (true)
        {
            var step = TryStep(destination[total..], out var count);
            switch (step)
            {
                case Step.Again:
                    continue;
                case Step.Return:
                    total += count;
                    if (count == 0 || total == destination.Length)
                    {
                        return Step.Return;
                    }

                    continue;
                default:
                    // Bytes in hand go out now; the candidate or the pending read is taken up by the next call.
                    return total > 0 ? Step.Return : step;
            }
        }
    }

    /// <summary>One synchronous step of the read loop.</summary>
    private Step TryStep(Span<byte> destination, out int count)
    {
        // Also checked after every wait: a disposal during a read must not touch returned buffers.
        ObjectDisposedException.ThrowIf(_disposed, this);
        count = 0;
        if (Injections.IsCopying)
        {
            count = Injections.CopyTo(destination);
            return Step.Return;
        }

        if (Injections.ClosedByGateway)
        {
            return Step.Return; // end of stream: the close frame has gone out
        }

        if (!_buffer.IsEmpty && _frame.PassingThrough)
        {
            count = _frame.CopyPassThrough(_buffer, destination);
            return Step.Return;
        }

        if (!_buffer.IsEmpty && _frame.Discarding)
        {
            _frame.SkipDiscarded(_buffer);
            return Step.Again;
        }

        if (_endOfStream)
        {
            if (_buffer.IsEmpty)
            {
                return Step.Return;
            }

            // The guest ended inside a frame: hand on the partial frame as received.
            _frame.EnterOpaque();
            return Step.Again;
        }

        if (AtInjectionPoint && Injections.CloseRequested && !Injections.ClosedByGateway)
        {
            var (status, reason) = Injections.TakeCloseRequest();
            if (_messages.AcceptsInjection)
            {
                Injections.StartClose(status, reason);
            }

            return Step.Again;
        }

        if (AtInjectionPoint && Injections.HasQueued)
        {
            // A zero-byte read only asks whether data is ready: the frame stays queued (and cancellable) until a real read.
            if (!destination.IsEmpty && Injections.TryStartNext())
            {
                return Step.Again;
            }

            return destination.IsEmpty ? Step.Return : Step.Again;
        }

        if (_frame.AtFrameStart)
        {
            switch (TryTakeFrameStart())
            {
                case FrameStart.Taken:
                    return Step.Again;
                case FrameStart.Candidate:
                    return Step.Inspect;
                default:
                    break;
            }
        }

        return TryFill() ? Step.Again : Step.Wait;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Injections.Release();
        _buffer.Release(Wait); // a read abandoned here ends with the lifetime token; its outcome is observed by the wait
    }
}
