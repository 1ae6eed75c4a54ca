using System.Buffers;
using System.Runtime.CompilerServices;

namespace TypingGateway.WebSockets;

/// <summary>Deciding each guest frame: pass it through streamed, or buffer it whole and ask the inspector.</summary>
internal sealed partial class GuestFrameReader
{
    /// <summary>RFC 6455 §7.4.1: the endpoint received a message that violates its policy.</summary>
    internal const ushort PolicyViolation = 1008;

    internal const string ClosedByGatewayReason = "rate limit exceeded";

    private readonly int _inspectionLimit = options.InspectionLimit;

    // Null on a route without a limit on guest messages.
    private readonly GuestMessageSizeGuard? _sizeGuard = sizeLimit is null ? null : new(sizeLimit, options, timeProvider, logger);

    // The complete candidate frame at the buffer's start, waiting for the inspector's verdict.
    private WebSocketFrameHeader _candidate;

    private enum FrameStart
    {
        NeedMoreData,

        /// <summary>Decided without the inspector: passing through, or the stream became opaque.</summary>
        Taken,

        /// <summary>A complete candidate is buffered at the buffer's start, described by _candidate.</summary>
        Candidate,
    }

    private FrameStart TryTakeFrameStart()
    {
        var available = _buffer.Buffered;
        var status = WebSocketFrameHeader.TryParse(available, out var header);
        if (status == WebSocketFrameParseStatus.NeedMoreData)
        {
            return FrameStart.NeedMoreData;
        }

        // TryStartFrame changes nothing for a candidate (FIN=1 text outside a fragmented message), so
        // coming back here for the same header once the rest of the candidate arrived is safe.
        if (status == WebSocketFrameParseStatus.Invalid || !_messages.TryStartFrame(header))
        {
            EnterOpaqueMode();
            return FrameStart.Taken;
        }

        if (!_messages.AcceptsInjection)
        {
            // A Close frame has started: the guest sends no data frames after it (§5.5.1), nor may we for it.
            Injections.StopQueuing();
        }

        if (_sizeGuard is { } sizeGuard && !header.IsControl && TryTakeOverLimit(sizeGuard, header))
        {
            return FrameStart.Taken;
        }

        if (!IsCandidate(header))
        {
            _frame.PassThrough(header.FrameLength);
            return FrameStart.Taken;
        }

        if (available.Length < header.FrameLength)
        {
            return FrameStart.NeedMoreData;
        }

        _candidate = header;
        return FrameStart.Candidate;
    }

    /// <summary>Takes a data frame the size guard does not let through: discarded, or replaced by a 1009 close.</summary>
    /// <returns>False when the frame goes on as usual (inspected or passed through).</returns>
    private bool TryTakeOverLimit(GuestMessageSizeGuard sizeGuard, in WebSocketFrameHeader header)
    {
        switch (sizeGuard.OnDataFrame(header))
        {
            case GuestMessageSizeGuard.Outcome.Discard:
                _frame.Discard(header.FrameLength);
                Interlocked.Increment(ref _framesDropped);
                return true;
            case GuestMessageSizeGuard.Outcome.Close:
                Interlocked.Increment(ref _framesDropped);
                Injections.StartClose(GuestMessageSizeGuard.MessageTooBig, GuestMessageSizeGuard.MessageTooBigReason);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Only a complete text message in one frame (§5.4: FIN=1, opcode text, not a continuation), without
    /// extension bits (a compressed payload is not the text itself) and small enough to buffer.
    /// </summary>
    private bool IsCandidate(in WebSocketFrameHeader header) =>
        header is { Fin: true, Opcode: WebSocketOpcode.Text, Rsv: 0 } &&
        header.PayloadLength <= _inspectionLimit &&
        !_messages.InFragmentedMessage;

    // Pooled: with Redis behind the inspector this awaits for real, once per inspected frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask InspectCandidateAsync(CancellationToken cancellationToken)
    {
        var header = _candidate;
        var length = (int)header.PayloadLength;
        var payload = ArrayPool<byte>.Shared.Rent(length);
        FrameVerdict verdict;
        try
        {
            // Unmask a copy: the original bytes stay masked in _buffer and are forwarded byte for byte.
            _buffer.Buffered.Slice(header.HeaderLength, length).CopyTo(payload);
            WebSocketMask.Apply(payload.AsSpan(0, length), header.MaskKey, 0);
            Interlocked.Increment(ref _framesInspected);
            verdict = await inspector.InspectAsync(payload.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            // Chat text is personal data: do not leave it in a shared pool.
            ArrayPool<byte>.Shared.Return(payload, clearArray: true);
        }

        // On an exception nothing changed: the candidate is still at the buffer's start, undecided.
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (verdict == FrameVerdict.Close)
        {
            // The frame goes, a 1008 close takes its place, and the guest's stream ends after it.
            _buffer.Skip(header.FrameLength);
            Interlocked.Increment(ref _framesDropped);
            Injections.StartClose(PolicyViolation, ClosedByGatewayReason);
        }
        else if (verdict == FrameVerdict.Drop)
        {
            _buffer.Skip(header.FrameLength);
            Interlocked.Increment(ref _framesDropped);
        }
        else
        {
            _frame.PassThrough(header.FrameLength);
        }
    }

    private void EnterOpaqueMode()
    {
        _frame.EnterOpaque();
        Injections.StopQueuing();
        WebSocketFilterLog.StreamNotParseable(logger, WebSocketFrameDirection.ClientToServer);
    }
}
