using System.Buffers;
using Microsoft.Extensions.Logging;

namespace TypingGateway.WebSockets;

/// <summary>
/// The guest → upstream half of <see cref="WebSocketStreamFilter"/>: reads the guest's bytes into a pooled
/// buffer, finds frame boundaries, lets the inspector drop small text frames, and inserts gateway frames
/// between messages. Every other byte is handed to the caller exactly as received, streamed, never
/// buffered whole. One reader at a time (the proxy's copy loop); injections may come from any thread.
/// </summary>
internal sealed partial class GuestFrameReader(
    Stream inner,
    IGuestFrameInspector inspector,
    WebSocketFilterOptions options,
    ILogger logger,
    CancellationToken lifetime) : IDisposable
{
    private readonly int _inspectionLimit = options.InspectionLimit;

    // A candidate must fit whole, header included, after compaction.
    private readonly int _bufferSize = Math.Max(WebSocketFilterDefaults.ReadBufferSize, options.InspectionLimit + WebSocketFrameHeader.MaxHeaderLength);
    private readonly InjectionQueue _injections = new(options.MaxPendingInjections);
    private readonly WebSocketMessageState _messages = new(WebSocketFrameDirection.ClientToServer);

    // Bytes [_start, _end) of _buffer were read from the guest and not yet returned or dropped.
    private byte[]? _buffer;
    private int _start;
    private int _end;

    // Bytes from _start on that belong to a frame being passed through; 0 means _start is a frame start.
    private long _passThrough;

    // After an unparseable frame every byte is passed through as is.
    private bool _opaque;
    private bool _endOfStream;

    private RentedFrame? _injection;
    private int _injectionOffset;

    private long _framesInspected;
    private long _framesDropped;
    private long _framesInjected;
    private bool _disposed;

    public long FramesInspected => Interlocked.Read(ref _framesInspected);

    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    public long FramesInjected => Interlocked.Read(ref _framesInjected);

    public bool TryInject(ReadOnlyMemory<byte> utf8TextPayload)
    {
        var frame = WebSocketFrameWriter.RentTextFrame(utf8TextPayload.Span, WebSocketFrameDirection.ClientToServer);
        if (_injections.TryEnqueue(frame))
        {
            return true;
        }

        frame.Return();
        return false;
    }

    public int CancelPendingInjections() => _injections.Clear();

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_injection is { } injection)
            {
                return CopyInjection(injection, destination.Span);
            }

            if (_start < _end && (_opaque || _passThrough > 0))
            {
                return CopyPassThrough(destination.Span);
            }

            if (_endOfStream)
            {
                if (_start < _end)
                {
                    // The guest ended inside a frame: hand on the partial frame as received.
                    _opaque = true;
                    continue;
                }

                return 0;
            }

            var atFrameStart = !_opaque && _passThrough == 0;
            if (atFrameStart && _messages.AtMessageBoundary && _injections.HasFrames)
            {
                // A zero-byte read only asks whether data is ready: leave the frame queued (and cancellable) until a real read.
                if (destination.IsEmpty)
                {
                    return 0;
                }

                if (_injections.TryDequeue(out var next))
                {
                    _injection = next;
                    _injectionOffset = 0;
                }

                continue;
            }

            if (atFrameStart && await TryTakeFrameStartAsync(cancellationToken))
            {
                continue;
            }

            await FillAsync(wakeOnInjection: atFrameStart && _messages.AtMessageBoundary && _messages.AcceptsInjection, cancellationToken);
        }
    }

    /// <summary>Decides the frame starting at <c>_start</c>.</summary>
    /// <returns>False when more bytes are needed to decide.</returns>
    private async ValueTask<bool> TryTakeFrameStartAsync(CancellationToken cancellationToken)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        var status = WebSocketFrameHeader.TryParse(available, out var header);
        if (status == WebSocketFrameParseStatus.NeedMoreData)
        {
            return false;
        }

        if (status == WebSocketFrameParseStatus.Invalid || !_messages.TryStartFrame(header))
        {
            EnterOpaqueMode();
            return true;
        }

        if (!_messages.AcceptsInjection)
        {
            // A Close frame has started: the guest sends no data frames after it (§5.5.1), nor may we for it.
            _injections.Close();
        }

        if (!IsCandidate(header))
        {
            _passThrough = header.FrameLength;
            return true;
        }

        // Buffered whole before deciding. TryStartFrame above changed nothing for a candidate (FIN=1 text
        // outside a fragmented message), so returning here and parsing the header again later is safe.
        if (available.Length < header.FrameLength)
        {
            return false;
        }

        if (await InspectAsync(header, cancellationToken) == FrameVerdict.Drop)
        {
            _start += (int)header.FrameLength;
            Interlocked.Increment(ref _framesDropped);
        }
        else
        {
            _passThrough = header.FrameLength;
        }

        return true;
    }

    /// <summary>
    /// Only a complete text message in one frame (§5.4: FIN=1, opcode text, not a continuation), without
    /// extension bits (a compressed payload is not the text itself) and small enough to buffer.
    /// </summary>
    private bool IsCandidate(in WebSocketFrameHeader header) =>
        header is { Fin: true, Opcode: WebSocketOpcode.Text, Rsv: 0 } &&
        header.PayloadLength <= _inspectionLimit &&
        !_messages.InFragmentedMessage;

    private async ValueTask<FrameVerdict> InspectAsync(WebSocketFrameHeader header, CancellationToken cancellationToken)
    {
        var length = (int)header.PayloadLength;
        var payload = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            // Unmask a copy: the original bytes stay masked in _buffer and are forwarded byte for byte.
            _buffer.AsSpan(_start + header.HeaderLength, length).CopyTo(payload);
            WebSocketMask.Apply(payload.AsSpan(0, length), header.MaskKey, 0);
            Interlocked.Increment(ref _framesInspected);
            return await inspector.InspectAsync(payload.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            // Chat text is personal data: do not leave it in a shared pool.
            ArrayPool<byte>.Shared.Return(payload, clearArray: true);
        }
    }

    private int CopyInjection(RentedFrame injection, Span<byte> destination)
    {
        var remaining = injection.Bytes.Span[_injectionOffset..];
        var count = Math.Min(remaining.Length, destination.Length);
        remaining[..count].CopyTo(destination);
        _injectionOffset += count;
        if (_injectionOffset == injection.Length)
        {
            _injection = null;
            injection.Return();
            Interlocked.Increment(ref _framesInjected);
        }

        return count;
    }

    private int CopyPassThrough(Span<byte> destination)
    {
        var count = _end - _start;
        if (!_opaque)
        {
            count = (int)Math.Min(count, _passThrough);
        }

        count = Math.Min(count, destination.Length);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        if (!_opaque)
        {
            _passThrough -= count;
        }

        return count;
    }

    private void EnterOpaqueMode()
    {
        _opaque = true;
        _injections.Close();
        WebSocketFilterLog.StreamNotParseable(logger, WebSocketFrameDirection.ClientToServer);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _injections.Close();
        if (_injection is { } injection)
        {
            _injection = null;
            injection.Return();
        }

        ReleaseBuffer();
        ForgetPendingRead();
        _pendingRead = null;
    }
}
