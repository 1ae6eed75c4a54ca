using Microsoft.Extensions.Logging;

namespace TypingGateway.WebSockets;

/// <summary>
/// The upstream → guest half of <see cref="WebSocketStreamFilter"/>: passes the proxy's writes through
/// untouched, tracking frame boundaries on the way, and writes gateway frames (error frames) to the guest
/// only between messages. Those come from other threads, so every write to the guest, the proxy's and
/// ours, holds one lock: two writes never interleave.
/// </summary>
internal sealed class GuestFrameWriter(
    Stream inner,
    WebSocketFilterOptions options,
    ILogger logger,
    CancellationToken lifetime,
    PlatformRejectionDetector? rejections = null) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly WebSocketFrameScanner _scanner = new(WebSocketFrameDirection.ServerToClient, rejections);
    private readonly InjectionQueue _injections = new(options.MaxPendingInjections);
    private int _flushScheduled;
    private long _framesInjected;
    private bool _disabled;

    // The gateway's Close frame for the guest, waiting for the next message boundary (TryClose), then written once.
    private readonly Lock _closeLock = new();
    private RentedFrame? _closeFrame;
    private int _closeRequested;
    private volatile bool _closePending;

    // Set once that Close frame is out: the proxy's further writes (the upstream's answer to the close, anything
    // else it still sends) are dropped, as no frame may follow a Close (§5.5.1).
    private volatile bool _closedToGuest;

    public long FramesInjected => Interlocked.Read(ref _framesInjected);

    /// <summary>True once the gateway's Close frame has been written to the guest.</summary>
    public bool ClosedToGuest => _closedToGuest;

    private bool ClosePending => _closePending;

    /// <summary>
    /// Ends the session toward the guest at the upstream's next message boundary (at once if that direction is idle
    /// there): queued gateway frames first, then a Close frame with <paramref name="statusCode"/>; what the upstream
    /// sends after it is dropped. The guest answers with its own Close, which the reader forwards to the upstream as
    /// received, after every message the guest sent before it: nothing the guest sent is cut or lost.
    /// </summary>
    /// <returns>False when a close was already requested, or the upstream already closed or broke the stream.</returns>
    public bool TryClose(ushort statusCode, string reason)
    {
        if (Volatile.Read(ref _disabled) || Interlocked.Exchange(ref _closeRequested, 1) == 1)
        {
            return false;
        }

        lock (_closeLock)
        {
            _closeFrame = WebSocketFrameWriter.RentCloseFrame(statusCode, reason, WebSocketFrameDirection.ServerToClient);
            _closePending = true;
        }

        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            _ = FlushInjectionsAsync();
        }

        return true;
    }

    public bool TryInject(ReadOnlyMemory<byte> utf8TextPayload)
    {
        var frame = WebSocketFrameWriter.RentTextFrame(utf8TextPayload.Span, WebSocketFrameDirection.ServerToClient);
        if (!_injections.TryEnqueue(frame))
        {
            frame.Return();
            return false;
        }

        // If the proxy is writing, it sends the frame at its next message boundary; if this direction is
        // idle, nobody would, so write it now. One flush attempt at a time is enough (see FlushInjectionsAsync).
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            _ = FlushInjectionsAsync();
        }

        return true;
    }

    /// <summary>
    /// The common case, the lock free and no gateway frame waiting, runs without an async state machine:
    /// one inner write of exactly the proxy's bytes, nothing allocated. Everything else takes <see cref="WriteSlowAsync"/>.
    /// </summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var locked = _writeLock.WaitAsync(cancellationToken);
        if (!locked.IsCompletedSuccessfully || data.IsEmpty || _injections.HasFrames || ClosePending || _closedToGuest)
        {
            return WriteSlowAsync(locked, data, cancellationToken);
        }

        ValueTask write;
        try
        {
            // A frame queued from now on schedules its own flush, which waits for this write to release the lock.
            _scanner.Scan(data.Span, stopAtMessageBoundary: false);
            DisableInjectionsIfDone();
            write = inner.WriteAsync(data, cancellationToken);
        }
        catch
        {
            _writeLock.Release();
            throw;
        }

        if (!write.IsCompletedSuccessfully)
        {
            return ReleaseAfterAsync(write);
        }

        // Completed: consumes a pooled IValueTaskSource properly, without blocking.
        write.GetAwaiter().GetResult();
        _writeLock.Release();
        return ValueTask.CompletedTask;
    }

    private async ValueTask WriteSlowAsync(Task locked, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await locked;
        try
        {
            if (data.IsEmpty)
            {
                await inner.WriteAsync(data, cancellationToken);
                return;
            }

            while (true)
            {
                if (_scanner.AtMessageBoundary)
                {
                    await WriteInjectionsAsync(cancellationToken);
                }

                if (data.IsEmpty || _closedToGuest)
                {
                    return; // after the gateway's Close nothing more goes to the guest
                }

                // With frames waiting, split the write at the first message boundary; otherwise one write, as received.
                var count = _scanner.Scan(data.Span, stopAtMessageBoundary: _injections.HasFrames || ClosePending);
                await inner.WriteAsync(data[..count], cancellationToken);
                data = data[count..];
                DisableInjectionsIfDone();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask ReleaseAfterAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _injections.Close();
        TakeCloseFrame()?.Return();
    }

    private RentedFrame? TakeCloseFrame()
    {
        lock (_closeLock)
        {
            var frame = _closeFrame;
            _closeFrame = null;
            _closePending = false;
            return frame;
        }
    }

    private async Task FlushInjectionsAsync()
    {
        try
        {
            await _writeLock.WaitAsync(lifetime);
            try
            {
                // Cleared before looking at the queue, under the lock: a frame queued after this point
                // schedules another attempt, one queued before it is written by this one.
                Volatile.Write(ref _flushScheduled, 0);
                if (_scanner.AtMessageBoundary && (_injections.HasFrames || ClosePending))
                {
                    await WriteInjectionsAsync(lifetime);
                    await inner.FlushAsync(lifetime);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception ex)
        {
            // Nobody awaits this write: the guest connection is gone or going, and the proxy's own copy
            // loop reports that. Stop sending gateway frames and leave a trace.
            _injections.Close();
            WebSocketFilterLog.GuestInjectionFailed(logger, ex);
        }
    }

    private async ValueTask WriteInjectionsAsync(CancellationToken cancellationToken)
    {
        while (_injections.TryDequeue(out var frame))
        {
            try
            {
                await inner.WriteAsync(frame.Bytes, cancellationToken);
            }
            finally
            {
                frame.Return();
            }

            Interlocked.Increment(ref _framesInjected);
        }

        if (TakeCloseFrame() is { } close)
        {
            try
            {
                // The upstream's own Close went first (it ends the session the same way): ours would be a second one.
                if (!_disabled)
                {
                    _disabled = true;
                    _injections.Close();
                    await inner.WriteAsync(close.Bytes, cancellationToken);
                    _closedToGuest = true;
                    Interlocked.Increment(ref _framesInjected);
                }
            }
            finally
            {
                close.Return();
            }
        }
    }

    private void DisableInjectionsIfDone()
    {
        if (_disabled || _scanner.Messages.AcceptsInjection)
        {
            return;
        }

        // After the upstream's Close frame no data frame may follow (§5.5.1); after garbage, no boundary is known.
        _disabled = true;
        _injections.Close();
        if (_scanner.Messages.Broken)
        {
            WebSocketFilterLog.StreamNotParseable(logger, WebSocketFrameDirection.ServerToClient);
        }
    }
}
