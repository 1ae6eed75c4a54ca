namespace TypingGateway.WebSockets;

/// <summary>
/// The route's limit on guest data messages (<see cref="IGuestMessageSizeLimit"/>), decided from frame
/// headers alone: an oversized message is discarded while it streams in, or the connection is closed
/// with 1009 where part of it has gone upstream already. Messages within the limit are not touched.
/// Discarding is bounded (issue 12 D6): past <see cref="WebSocketFilterOptions.OversizeDiscardPerMessage"/>
/// in one message or <see cref="WebSocketFilterOptions.OversizeDiscardPerWindow"/> per connection and
/// window, both in multiples of the limit, the reader closes with 1009 instead of reading on.
/// </summary>
internal sealed partial class GuestFrameReader
{
    /// <summary>RFC 6455 §7.4.1: the endpoint received a message too big for it to process.</summary>
    internal const ushort MessageTooBig = 1009;

    internal const string MessageTooBigReason = "message too big";

    private readonly long _maxMessageBytes = sizeLimit?.MaxMessageBytes ?? long.MaxValue;

    // Buffered bytes, first on, that belong to a frame being discarded; like _passThrough, but never handed on.
    private long _discard;

    // Payload bytes of the current data message's frames forwarded so far (its first frame included).
    private long _messageBytes;

    // The current data message is being discarded: its continuation frames go too, up to the final one.
    private bool _discardingMessage;

    private bool _discardLogged;

    // Wire bytes (headers included) a discard may take, checked from each discarded frame's header before
    // any of its payload is read: a guest that streams over-size data costs a bounded amount of reading.
    private readonly long _messageDiscardBound = DiscardBound(sizeLimit, options.OversizeDiscardPerMessage);
    private readonly long _windowDiscardBound = DiscardBound(sizeLimit, options.OversizeDiscardPerWindow);
    private readonly TimeSpan _discardWindow = options.OversizeDiscardWindow;

    // Wire bytes discarded of the current over-size message, and in the current window (0: no window open).
    private long _discardedInMessage;
    private long _discardedInWindow;
    private long _discardWindowStart;

    /// <summary>
    /// Called at the start of each data frame (already recorded by <see cref="WebSocketMessageState"/>) on a
    /// route with a limit. Takes the frame when it is not to be forwarded: discarded, or replaced by a close.
    /// </summary>
    /// <returns>False when the frame goes on as usual (inspected or passed through).</returns>
    private bool TryTakeOverLimit(in WebSocketFrameHeader header)
    {
        var first = header.Opcode != WebSocketOpcode.Continuation;
        if (first)
        {
            // Safe to repeat for a candidate whose rest has not arrived yet: it is set, not added.
            _discardingMessage = false;
            _messageBytes = 0;
        }
        else if (_discardingMessage)
        {
            if (!TryChargeDiscard(header, first: false))
            {
                return CloseOverDiscardBound(header);
            }

            _discardingMessage = !header.Fin;
            Discard(header);
            return true;
        }

        // Compared this way round, a 63-bit length announced by the guest cannot overflow the sum.
        if (header.PayloadLength <= _maxMessageBytes - _messageBytes)
        {
            _messageBytes += header.PayloadLength;
            return false;
        }

        if (first && !TryChargeDiscard(header, first: true))
        {
            // Nothing of this message has gone upstream: no answer for the guest, the bound closes.
            return CloseOverDiscardBound(header);
        }

        if (first && sizeLimit!.TryDiscardMessage())
        {
            _discardingMessage = !header.Fin;
            Discard(header);
            if (!_discardLogged)
            {
                _discardLogged = true;
                WebSocketFilterLog.MessageOverLimitDiscarded(logger, header.PayloadLength, _maxMessageBytes);
            }

            return true;
        }

        // Part of the message may be upstream already, and there is no answer to give otherwise: close.
        // The frame's bytes are never read past; the close goes out between fragments, which §5.4 allows.
        Interlocked.Increment(ref _framesDropped);
        sizeLimit!.OnClosedOverLimit();
        WebSocketFilterLog.MessageOverLimitClosed(logger, _messageBytes, header.PayloadLength, _maxMessageBytes);
        CloseUpstream(MessageTooBig, MessageTooBigReason);
        return true;
    }

    /// <summary>
    /// Counts a frame about to be discarded against both bounds, unless it would cross one. Only on the
    /// discard path, which a well-behaved guest rarely takes: reading the clock costs nothing per frame.
    /// </summary>
    /// <returns>False when discarding the frame would cross a bound: the caller closes instead.</returns>
    private bool TryChargeDiscard(in WebSocketFrameHeader header, bool first)
    {
        var now = timeProvider.GetTimestamp();
        if (_discardedInWindow == 0 || timeProvider.GetElapsedTime(_discardWindowStart, now) >= _discardWindow)
        {
            _discardWindowStart = now;
            _discardedInWindow = 0;
        }

        var inMessage = first ? 0 : _discardedInMessage;

        // Compared this way round, nothing overflows: FrameLength is at most long.MaxValue (WebSocketFrameHeader.MaxPayloadLength).
        var length = header.FrameLength;
        if (length > _messageDiscardBound - inMessage || length > _windowDiscardBound - _discardedInWindow)
        {
            _discardedInMessage = inMessage;
            return false;
        }

        _discardedInMessage = inMessage + length;
        _discardedInWindow += length;
        return true;
    }

    /// <summary>
    /// A discard bound is crossed: 1009 by the path of every gateway close. None of the discarded message
    /// went upstream, so the upstream is between messages and the close is well placed (§5.4, §5.5.1).
    /// </summary>
    private bool CloseOverDiscardBound(in WebSocketFrameHeader header)
    {
        _discardingMessage = false;
        Interlocked.Increment(ref _framesDropped);
        sizeLimit!.OnClosedOverLimit();
        WebSocketFilterLog.DiscardBoundExceeded(logger, _discardedInMessage, _discardedInWindow, header.FrameLength, _maxMessageBytes);
        CloseUpstream(MessageTooBig, MessageTooBigReason);
        return true;
    }

    private static long DiscardBound(IGuestMessageSizeLimit? limit, int multiple) =>
        limit is null || limit.MaxMessageBytes > long.MaxValue / multiple ? long.MaxValue : limit.MaxMessageBytes * multiple;

    private void Discard(in WebSocketFrameHeader header)
    {
        _discard = header.FrameLength;
        Interlocked.Increment(ref _framesDropped);
    }

    /// <summary>Drops the buffered bytes of the frame being discarded, as far as they have arrived.</summary>
    private void SkipDiscarded()
    {
        _discard -= _buffer.Skip(_discard);
    }
}
