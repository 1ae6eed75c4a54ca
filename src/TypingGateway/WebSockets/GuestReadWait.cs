using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace TypingGateway.WebSockets;

/// <summary>
/// The guest's inner read that may outlive a <see cref="GuestFrameReader"/> read call, and the one wait for it (or for a
/// gateway frame, or a close request) that the reader reuses for every frame: no task, no <c>WhenAny</c>, nothing
/// allocated per wait. The read's completion is registered once, as the read starts, so it can be waited for several
/// times (a wait woken for a gateway frame leaves the read pending for the next one).
/// </summary>
/// <remarks>
/// A completing read runs the waiting reader inline, on the inner stream's completion thread, as an <c>await</c> would;
/// a wake for a gateway frame comes from the thread that queued it (a timer, another request), which must not run the
/// reader, so it is handed to the thread pool. One reader at a time; the wakes may come from any thread.
/// </remarks>
internal sealed class GuestReadWait : IValueTaskSource<bool>
{
    private const int Idle = 0;
    private const int Waiting = 1;

    private readonly Action _onReadCompleted;
    private readonly Action<object?, CancellationToken> _onCancelled = static (state, token) => ((GuestReadWait)state!).Cancelled(token);
    private ManualResetValueTaskSourceCore<bool> _core;
    private ValueTask<int> _read;
    private volatile bool _done;
    private int _result;
    private ExceptionDispatchInfo? _error;
    private int _waiting;
    private volatile bool _wakeOnFrame;
    private CancellationTokenRegistration _cancellation;
    private byte[]? _returnWhenDone;

    public GuestReadWait() => _onReadCompleted = OnReadCompleted;

    /// <summary>A read was started and its result not taken yet.</summary>
    public bool IsPending { get; private set; }

    /// <summary>The pending read is a zero-byte probe (it holds no buffer).</summary>
    public bool IsProbe { get; private set; }

    /// <summary>The pending read has completed; <see cref="TryTake"/> takes its result.</summary>
    public bool IsDone => _done;

    /// <summary>Starts waiting for <paramref name="read"/>, which has not completed yet (or failed at once).</summary>
    public void Start(ValueTask<int> read, bool isProbe)
    {
        IsPending = true;
        IsProbe = isProbe;
        _done = false;
        _error = null;
        _read = read;
        read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted);
    }

    /// <summary>Takes the completed read's result (rethrowing its failure); false while it is still running.</summary>
    public bool TryTake(out int read, out bool isProbe)
    {
        read = 0;
        isProbe = IsProbe;
        if (!IsPending || !_done)
        {
            return false;
        }

        IsPending = false;
        _error?.Throw();
        read = _result;
        return true;
    }

    /// <summary>
    /// Waits until the pending read completes (true) or, when <paramref name="wakeOnFrame"/>, until <see cref="WakeForFrame"/>
    /// (false). Armed when this returns: a caller that finds a frame already queued calls <see cref="WakeNow"/>.
    /// </summary>
    public ValueTask<bool> WaitAsync(bool wakeOnFrame, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return new ValueTask<bool>(true);
        }

        _core.Reset();
        _wakeOnFrame = wakeOnFrame;
        _cancellation = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(_onCancelled, this) : default;

        // A full fence between arming and looking at _done (the completion stores _done, then looks at _waiting): with a
        // plain store either side could miss the other and the wait would never end.
        Interlocked.Exchange(ref _waiting, Waiting);
        if (_done)
        {
            Complete(); // completed while arming
        }
        else if (cancellationToken.IsCancellationRequested)
        {
            Cancelled(cancellationToken);
        }

        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>The reader itself found a reason to stop waiting (a frame queued before it armed): completes the wait inline.</summary>
    public void WakeNow() => Complete();

    /// <summary>A gateway frame was queued or a close requested: wakes a wait that asked for frames, on the thread pool.</summary>
    public void WakeForFrame()
    {
        Interlocked.MemoryBarrier(); // the frame (or close request) is visible before _waiting is looked at: see WaitAsync
        if (Volatile.Read(ref _waiting) == Waiting && _wakeOnFrame)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static wait => wait.Complete(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// The reader lets go of <paramref name="buffer"/> while a real read may still write into it: returned to the pool once
    /// the read is over.
    /// </summary>
    public void ReturnWhenDone(byte[] buffer)
    {
        Volatile.Write(ref _returnWhenDone, buffer);
        if (_done && Interlocked.Exchange(ref _returnWhenDone, null) is { } done)
        {
            ArrayPool<byte>.Shared.Return(done);
        }
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void OnReadCompleted()
    {
        try
        {
            _result = _read.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            _error = ExceptionDispatchInfo.Capture(ex); // observed here; rethrown to the reader, if any still reads
        }

        _read = default;
        _done = true;
        Interlocked.MemoryBarrier(); // _done is visible before _waiting is looked at (Complete's exchange fences too)
        if (Interlocked.Exchange(ref _returnWhenDone, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        Complete();
    }

    private void Complete()
    {
        if (Interlocked.CompareExchange(ref _waiting, Idle, Waiting) != Waiting)
        {
            return;
        }

        _cancellation.Unregister(); // never waits for a running callback (it would lose the race above anyway)
        _core.SetResult(_done);
    }

    private void Cancelled(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _waiting, Idle, Waiting) == Waiting)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }
}
