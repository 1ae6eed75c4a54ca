namespace TypingGateway.WebSockets;

/// <summary>
/// Gateway-made frames waiting for the next message boundary of one direction. Bounded, so a stalled
/// connection cannot make the gateway buffer without limit (design §7). Thread-safe: frames are added by
/// timers and request threads while the stream's reader or writer takes them.
/// </summary>
/// <param name="capacity">Frames it holds at most.</param>
/// <param name="onEnqueued">
/// Told after each frame is queued and on <see cref="Wake"/> (a reader waiting for the guest wakes up for it), on the
/// queuing thread: it must hand off anything long.
/// </param>
internal sealed class InjectionQueue(int capacity, Action? onEnqueued = null)
{
    private readonly Lock _lock = new();
    private readonly Queue<RentedFrame> _frames = new();
    private bool _closed;

    // Mirrors _frames.Count for a lock-free peek: readers and writers look at every frame boundary.
    private int _count;

    /// <summary>A peek: a frame queued or withdrawn concurrently may not be seen yet; TryDequeue decides.</summary>
    public bool HasFrames => Volatile.Read(ref _count) > 0;

    /// <summary>Adds a frame; on success the queue owns it.</summary>
    /// <returns>False when the queue is full or closed: the caller still owns the frame.</returns>
    public bool TryEnqueue(RentedFrame frame)
    {
        lock (_lock)
        {
            if (_closed || _frames.Count >= capacity)
            {
                return false;
            }

            _frames.Enqueue(frame);
            Volatile.Write(ref _count, _frames.Count);
        }

        onEnqueued?.Invoke();
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

    /// <summary>Tells the reader waiting for the guest to wake up without adding a frame (it has something else to do).</summary>
    public void Wake() => onEnqueued?.Invoke();

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
