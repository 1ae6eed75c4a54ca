using System.Runtime.CompilerServices;

namespace TypingGateway.WebSockets;

/// <summary>Reading from the guest: the pooled buffer, the zero-byte probe, and the inner read that may outlive a ReadAsync call.</summary>
internal sealed partial class GuestFrameReader
{
    // A candidate must fit whole, header included, after compaction.
    private readonly GuestReadBuffer _buffer = new(Math.Max(WebSocketFilterDefaults.ReadBufferSize, options.InspectionLimit + WebSocketFrameHeader.MaxHeaderLength));

    // An inner read may outlive the ReadAsync call that started it: when a gateway frame is queued while
    // the guest is silent, that call returns the frame and the read stays pending for the next call. The
    // read targets the free end of _buffer, never a caller's memory, so nothing lands in a buffer the proxy
    // already got back; until it completes, _buffer is neither compacted nor returned to the pool.
    // A zero-byte probe completed: data (or the end of the stream) is ready, so the next read is a real one.
    private bool _dataReady;

    /// <summary>Starts an inner read unless one is pending.</summary>
    /// <returns>True when it completed at once and its result was taken in; false when there is one to wait for.</returns>
    private bool TryFill()
    {
        if (!Wait.IsPending)
        {
            var read = StartInnerRead(out var isProbe);
            if (read.IsCompletedSuccessfully)
            {
                // Completed: taking the result does not block, and consumes a pooled IValueTaskSource properly.
                OnInnerReadCompleted(read.Result, isProbe);
                return true;
            }

            Wait.Start(read, isProbe);
        }

        if (Wait.TryTake(out var count, out var probe))
        {
            OnInnerReadCompleted(count, probe);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Waits for the pending inner read; at a message boundary also for a gateway frame to be queued (or a close
    /// requested), so an injection reaches the upstream while the guest is silent. The read then stays pending.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitForGuestAsync(CancellationToken cancellationToken)
    {
        var wakeOnFrame = AtInjectionPoint && _messages.AcceptsInjection;
        var waiting = Wait.WaitAsync(wakeOnFrame, cancellationToken);

        // Checked once armed: a frame queued (or a close requested, which sets its flag before waking) from here on wakes it.
        if (wakeOnFrame && (Injections.HasQueued || Injections.CloseRequested))
        {
            Wait.WakeNow();
        }

        if (await waiting && Wait.TryTake(out var read, out var isProbe))
        {
            OnInnerReadCompleted(read, isProbe);
        }
    }

    private ValueTask<int> StartInnerRead(out bool isProbe)
    {
        if (_buffer.IsEmpty)
        {
            _buffer.Rewind();
            if (!_dataReady)
            {
                // Nothing buffered: wait with a zero-byte read, as YARP's StreamCopier does, so an idle guest
                // holds no buffer. A stream that cannot wait on zero bytes completes it at once; that costs a call.
                isProbe = true;
                var probe = inner.ReadAsync(Memory<byte>.Empty, lifetime);
                if (!probe.IsCompleted)
                {
                    _buffer.Release(Wait);
                }

                return probe;
            }
        }

        isProbe = false;
        return inner.ReadAsync(_buffer.GetReadMemory(), lifetime);
    }

    private void OnInnerReadCompleted(int read, bool wasProbe)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (wasProbe)
        {
            _dataReady = true;
            return;
        }

        _dataReady = false;
        if (read == 0)
        {
            // Whatever is still buffered goes out first; gateway frames are not sent after the guest left.
            _endOfStream = true;
            Injections.StopQueuing();
            return;
        }

        _buffer.Advance(read);
    }
}
