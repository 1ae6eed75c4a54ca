namespace TypingGateway.WebSockets;

/// <summary>
/// The gateway's own frames in the guest's stream toward the upstream: those queued for the next message boundary, the
/// one being copied out to the proxy, and the close the gateway owes (its own, or one requested from another thread).
/// <see cref="GuestFrameReader"/> decides where they go; this type holds them. One reader at a time; <see cref="TryEnqueue"/>,
/// <see cref="CancelPending"/> and <see cref="RequestClose"/> from any thread.
/// </summary>
/// <param name="maxPending">Frames that may wait for a boundary; more are refused.</param>
/// <param name="onQueued">Told when a frame is queued or a close requested, on that thread (it wakes a reader waiting for the guest).</param>
internal sealed class GuestStreamInjections(int maxPending, Action onQueued)
{
    private readonly InjectionQueue _queue = new(maxPending, onQueued);

    // The frame being copied out, and how far.
    private RentedFrame? _current;
    private int _offset;
    private long _framesInjected;

    // Set when the gateway closes (a Close verdict, 1008; a message over the size limit, 1009): once its
    // close frame is out, reads return end of stream.
    private bool _closedByGateway;

    // RequestClose from another thread: acted on at the next injection point by the reader.
    private bool _closeRequested;
    private (ushort Status, string Reason) _requestedClose;

    /// <summary>Gateway frames copied out whole.</summary>
    public long FramesInjected => Interlocked.Read(ref _framesInjected);

    /// <summary>A frame is being copied out: it goes on before anything else.</summary>
    public bool IsCopying => _current is not null;

    /// <summary>The gateway's close frame has been started: after it, the guest's stream ends.</summary>
    public bool ClosedByGateway => _closedByGateway;

    /// <summary>A peek at the queue (see <see cref="InjectionQueue.HasFrames"/>).</summary>
    public bool HasQueued => _queue.HasFrames;

    public bool CloseRequested => Volatile.Read(ref _closeRequested);

    /// <summary>Queues a masked text frame carrying <paramref name="utf8TextPayload"/>.</summary>
    /// <returns>False when the queue is full or refuses frames.</returns>
    public bool TryEnqueue(ReadOnlyMemory<byte> utf8TextPayload)
    {
        var frame = WebSocketFrameWriter.RentTextFrame(utf8TextPayload.Span, WebSocketFrameDirection.ClientToServer);
        if (_queue.TryEnqueue(frame))
        {
            return true;
        }

        frame.Return();
        return false;
    }

    /// <returns>How many queued frames were dropped.</returns>
    public int CancelPending() => _queue.Clear();

    /// <summary>Asks the reader to close at the guest's next message boundary, and wakes it.</summary>
    public void RequestClose(ushort statusCode, string reason)
    {
        _requestedClose = (statusCode, reason);
        Volatile.Write(ref _closeRequested, true);
        _queue.Wake();
    }

    /// <summary>Takes the requested close: it is acted on once.</summary>
    public (ushort Status, string Reason) TakeCloseRequest()
    {
        Volatile.Write(ref _closeRequested, false);
        return _requestedClose;
    }

    /// <summary>Makes the oldest queued frame the one copied out next.</summary>
    /// <returns>False when none is queued.</returns>
    public bool TryStartNext()
    {
        if (!_queue.TryDequeue(out var next))
        {
            return false;
        }

        _current = next;
        _offset = 0;
        return true;
    }

    /// <summary>Copies the frame being copied out to <paramref name="destination"/>, as far as it goes; a finished frame goes back to the pool.</summary>
    /// <returns>The bytes copied.</returns>
    public int CopyTo(Span<byte> destination)
    {
        var frame = _current.GetValueOrDefault();
        var remaining = frame.Bytes.Span[_offset..];
        var count = Math.Min(remaining.Length, destination.Length);
        remaining[..count].CopyTo(destination);
        _offset += count;
        if (_offset == frame.Length)
        {
            _current = null;
            frame.Return();
            Interlocked.Increment(ref _framesInjected);
        }

        return count;
    }

    /// <summary>
    /// Ends the guest's side of the session: a masked Close frame goes to the upstream next, then reads
    /// return end of stream, so nothing the guest sends afterwards is forwarded. The upstream answers the
    /// close to the guest through the writer, as it would a close from the guest. Only at a frame start:
    /// a Close frame may come between fragments (§5.4), never inside a frame.
    /// </summary>
    public void StartClose(ushort statusCode, string reason)
    {
        _queue.Close();
        _current = WebSocketFrameWriter.RentCloseFrame(statusCode, reason, WebSocketFrameDirection.ClientToServer);
        _offset = 0;
        _closedByGateway = true;
    }

    /// <summary>Drops the queued frames and refuses new ones: the guest's stream can take no more gateway frames.</summary>
    public void StopQueuing() => _queue.Close();

    /// <summary>Gives every frame held back to the pool and refuses new ones.</summary>
    public void Release()
    {
        _queue.Close();
        if (_current is { } frame)
        {
            _current = null;
            frame.Return();
        }
    }
}
