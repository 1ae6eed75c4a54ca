using System.Buffers;
using System.Diagnostics;

namespace TypingGateway.WebSockets;

/// <summary>Reading from the guest: the buffer, the zero-byte probe, and the inner read that may outlive a ReadAsync call.</summary>
internal sealed partial class GuestFrameReader
{
    // An inner read may outlive the ReadAsync call that started it: when a gateway frame is queued while
    // the guest is silent, that call returns the frame and the read stays pending for the next call. The
    // read targets _buffer[_end..], never a caller's memory, so nothing lands in a buffer the proxy
    // already got back; until it completes, _buffer is neither compacted nor returned to the pool.
    private Task<int>? _pendingRead;
    private bool _pendingReadIsProbe;

    // A zero-byte probe completed: data (or the end of the stream) is ready, so the next read is a real one.
    private bool _dataReady;

    /// <summary>Waits for more guest bytes, or, with <paramref name="wakeOnInjection"/>, for a queued gateway frame.</summary>
    private async ValueTask FillAsync(bool wakeOnInjection, CancellationToken cancellationToken)
    {
        if (_pendingRead is null)
        {
            var read = StartInnerRead(out var isProbe);
            if (read.IsCompleted)
            {
                // The common case: no Task, no allocation.
                OnInnerReadCompleted(await read, isProbe);
                return;
            }

            _pendingRead = read.AsTask();
            _pendingReadIsProbe = isProbe;
        }

        Task pending = _pendingRead;
        Task<Task> firstCompleted;
        if (wakeOnInjection)
        {
            if (_injections.GetEnqueuedSignal() is not { } enqueued)
            {
                return;
            }

            firstCompleted = Task.WhenAny(pending, enqueued);
        }
        else
        {
            firstCompleted = Task.WhenAny([pending]);
        }

        // WhenAny never throws for the read itself: a failed read is rethrown below, after it is forgotten.
        if (await firstCompleted.WaitAsync(cancellationToken) != pending)
        {
            return;
        }

        var completed = _pendingRead;
        _pendingRead = null;
        OnInnerReadCompleted(await completed, _pendingReadIsProbe);
    }

    private ValueTask<int> StartInnerRead(out bool isProbe)
    {
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
            if (!_dataReady)
            {
                // Nothing buffered: wait with a zero-byte read, as YARP's StreamCopier does, so an idle guest
                // holds no buffer. A stream that cannot wait on zero bytes completes it at once; that costs a call.
                isProbe = true;
                var probe = inner.ReadAsync(Memory<byte>.Empty, lifetime);
                if (!probe.IsCompleted)
                {
                    ReleaseBuffer();
                }

                return probe;
            }
        }

        isProbe = false;
        PrepareBuffer();
        return inner.ReadAsync(_buffer.AsMemory(_end), lifetime);
    }

    private void OnInnerReadCompleted(int read, bool wasProbe)
    {
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
            _injections.Close();
            return;
        }

        _end += read;
    }

    private void PrepareBuffer()
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        }
        else if (_start > 0)
        {
            // Only a partial header or a partial candidate is ever left here, so this moves little.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        Debug.Assert(_end < _buffer.Length, "a candidate always fits the buffer");
    }

    private void ReleaseBuffer()
    {
        if (_buffer is not { } buffer)
        {
            return;
        }

        _buffer = null;
        _start = 0;
        _end = 0;
        if (_pendingRead is { IsCompleted: false } pending && !_pendingReadIsProbe)
        {
            // The inner stream may still write into it: return it to the pool only once that read is over.
            _ = pending.ContinueWith(
                static (_, state) => ArrayPool<byte>.Shared.Return((byte[])state!),
                buffer,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>An abandoned read (the filter was disposed) ends with the lifetime token; observe its outcome.</summary>
    private void ForgetPendingRead()
    {
        if (_pendingRead is { } pending)
        {
            _ = pending.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
