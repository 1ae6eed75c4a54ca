namespace TypingGateway.WebSockets;

/// <summary>
/// Gateway-made frames waiting for the next message boundary of one direction. Bounded, so a stalled
/// connection cannot make the gateway buffer without limit (design §7). Thread-safe: frames are added by
/// timers and request threads while the stream's reader or writer takes them.
/// </summary>
internal sealed class InjectionQueue(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<RentedFrame> _frames = new();
    private TaskCompletionSource? _enqueued;
    private bool _closed;

    // Mirrors _frames.Count for a lock-free peek: readers and writers look at every frame boundary.
    private int _count;

    /// <summary>A peek: a frame queued or withdrawn concurrently may not be seen yet; TryDequeue decides.</summary>
    public bool HasFrames => Volatile.Read(ref _count) > 0;

    /// <summary>Adds a frame; on success the queue owns it.</summary>
    /// <returns>False when the queue is full or closed: the caller still owns the frame.</returns>
    public bool TryEnqueue(RentedFrame frame)
    {
        TaskCompletionSource? enqueued;
        lock (_lock)
        {
            if (_closed || _frames.Count >= capacity)
            {
                return false;
            }

            _frames.Enqueue(frame);
            Volatile.Write(ref _count, _frames.Count);
            enqueued = _enqueued;
            _enqueued = null;
        }

        enqueued?.TrySetResult();
        return true;
    }

    /// <summary>Takes the oldest frame; the caller then owns it.</summary>
    public bool TryDequeue(out RentedFrame frame)
    {
        lock (_lock)
        {
            var dequeued = _frames.TryDequeue(out frame);
            Volatile.Write(ref _count, _frames.Count);
            return dequeued;
        }
    }

    /// <summary>
    /// Null when frames are waiting; otherwise a task that completes at the next <see cref="TryEnqueue"/>
    /// (never, once closed). Continuations run asynchronously: the enqueuing thread (a timer, another
    /// request) must not end up running the reader's code.
    /// </summary>
    public Task? GetEnqueuedSignal()
    {
        lock (_lock)
        {
            if (_frames.Count > 0)
            {
                return null;
            }

            _enqueued ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _enqueued.Task;
        }
    }

    /// <summary>Wakes a reader waiting on <see cref="GetEnqueuedSignal"/> without adding a frame (it has something else to do).</summary>
    public void Wake()
    {
        TaskCompletionSource? enqueued;
        lock (_lock)
        {
            enqueued = _enqueued;
            _enqueued = null;
        }

        enqueued?.TrySetResult();
    }

    /// <summary>Removes and returns to the pool every waiting frame.</summary>
    /// <returns>How many frames were removed.</returns>
    public int Clear()
    {
        lock (_lock)
        {
            var count = _frames.Count;
            while (_frames.TryDequeue(out var frame))
            {
                frame.Return();
            }

            Volatile.Write(ref _count, 0);
            return count;
        }
    }

    /// <summary>Drops every waiting frame and refuses new ones: the direction can take no more gateway frames.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }

        Clear();
    }
}
