namespace TypingGateway.WebSockets;

/// <summary>
/// The route's limit on guest data messages (<see cref="IGuestMessageSizeLimit"/>), decided from frame
/// headers alone: an oversized message is discarded while it streams in, or the connection is closed
/// with 1009 where part of it has gone upstream already. Messages within the limit are not touched.
/// </summary>
internal sealed partial class GuestFrameReader
{
    /// <summary>RFC 6455 §7.4.1: the endpoint received a message too big for it to process.</summary>
    internal const ushort MessageTooBig = 1009;

    internal const string MessageTooBigReason = "message too big";

    private readonly long _maxMessageBytes = sizeLimit?.MaxMessageBytes ?? long.MaxValue;

    // Bytes from _start on that belong to a frame being discarded; like _passThrough, but never handed on.
    private long _discard;

    // Payload bytes of the current data message's frames forwarded so far (its first frame included).
    private long _messageBytes;

    // The current data message is being discarded: its continuation frames go too, up to the final one.
    private bool _discardingMessage;

    private bool _discardLogged;

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

    private void Discard(in WebSocketFrameHeader header)
    {
        _discard = header.FrameLength;
        Interlocked.Increment(ref _framesDropped);
    }

    /// <summary>Drops the buffered bytes of the frame being discarded, as far as they have arrived.</summary>
    private void SkipDiscarded()
    {
        var count = (int)Math.Min(_end - _start, _discard);
        _start += count;
        _discard -= count;
    }
}
