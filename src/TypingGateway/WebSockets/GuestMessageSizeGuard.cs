using Microsoft.Extensions.Logging;

namespace TypingGateway.WebSockets;

/// <summary>
/// The route's limit on guest data messages (<see cref="IGuestMessageSizeLimit"/>), decided from frame headers alone:
/// an oversized message is discarded while it streams in, or the connection is closed with 1009 where part of it has
/// gone upstream already. Messages within the limit are not touched. Discarding is bounded (issue 12 D6): past
/// <see cref="WebSocketFilterOptions.OversizeDiscardPerMessage"/> in one message or
/// <see cref="WebSocketFilterOptions.OversizeDiscardPerWindow"/> per connection and window, both in multiples of the
/// limit, the guard says close instead of reading on. Held by <see cref="GuestFrameReader"/>, which acts on the answer.
/// </summary>
internal sealed class GuestMessageSizeGuard
{
    /// <summary>RFC 6455 §7.4.1: the endpoint received a message too big for it to process.</summary>
    internal const ushort MessageTooBig = 1009;

    internal const string MessageTooBigReason = "message too big";

    private readonly IGuestMessageSizeLimit _limit;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _maxMessageBytes;

    // Wire bytes (headers included) a discard may take, checked from each discarded frame's header before
    // any of its payload is read: a guest that streams over-size data costs a bounded amount of reading.
    private readonly long _messageDiscardBound;
    private readonly long _windowDiscardBound;
    private readonly TimeSpan _discardWindow;

    // Payload bytes of the current data message's frames forwarded so far (its first frame included).
    private long _messageBytes;

    // The current data message is being discarded: its continuation frames go too, up to the final one.
    private bool _discardingMessage;

    private bool _discardLogged;

    // Wire bytes discarded of the current over-size message, and in the current window (0: no window open).
    private long _discardedInMessage;
    private long _discardedInWindow;
    private long _discardWindowStart;

    public GuestMessageSizeGuard(IGuestMessageSizeLimit limit, WebSocketFilterOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _limit = limit;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxMessageBytes = limit.MaxMessageBytes;
        _messageDiscardBound = DiscardBound(limit.MaxMessageBytes, options.OversizeDiscardPerMessage);
        _windowDiscardBound = DiscardBound(limit.MaxMessageBytes, options.OversizeDiscardPerWindow);
        _discardWindow = options.OversizeDiscardWindow;
    }

    /// <summary>What becomes of a data frame.</summary>
    public enum Outcome
    {
        /// <summary>Within the limit: inspected or passed through as usual.</summary>
        Forward,

        /// <summary>Read past and never handed on.</summary>
        Discard,

        /// <summary>Not read past: the reader closes the upstream with <see cref="MessageTooBig"/> in its place.</summary>
        Close,
    }

    /// <summary>
    /// Called at the start of each data frame (already recorded by <see cref="WebSocketMessageState"/>). Safe to repeat
    /// for the first frame of a message (a candidate whose rest has not arrived yet): its count is set, not added.
    /// </summary>
    public Outcome OnDataFrame(in WebSocketFrameHeader header)
    {
        var first = header.Opcode != WebSocketOpcode.Continuation;
        if (first)
        {
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
            return Outcome.Discard;
        }

        // Compared this way round, a 63-bit length announced by the guest cannot overflow the sum.
        if (header.PayloadLength <= _maxMessageBytes - _messageBytes)
        {
            _messageBytes += header.PayloadLength;
            return Outcome.Forward;
        }

        if (first && !TryChargeDiscard(header, first: true))
        {
            // Nothing of this message has gone upstream: no answer for the guest, the bound closes.
            return CloseOverDiscardBound(header);
        }

        if (first && _limit.TryDiscardMessage())
        {
            _discardingMessage = !header.Fin;
            if (!_discardLogged)
            {
                _discardLogged = true;
                WebSocketFilterLog.MessageOverLimitDiscarded(_logger, header.PayloadLength, _maxMessageBytes);
            }

            return Outcome.Discard;
        }

        // Part of the message may be upstream already, and there is no answer to give otherwise: close.
        // The frame's bytes are never read past; the close goes out between fragments, which §5.4 allows.
        _limit.OnClosedOverLimit();
        WebSocketFilterLog.MessageOverLimitClosed(_logger, _messageBytes, header.PayloadLength, _maxMessageBytes);
        return Outcome.Close;
    }

    /// <summary>
    /// Counts a frame about to be discarded against both bounds, unless it would cross one. Only on the
    /// discard path, which a well-behaved guest rarely takes: reading the clock costs nothing per frame.
    /// </summary>
    /// <returns>False when discarding the frame would cross a bound: the caller closes instead.</returns>
    private bool TryChargeDiscard(in WebSocketFrameHeader header, bool first)
    {
        var now = _timeProvider.GetTimestamp();
        if (_discardedInWindow == 0 || _timeProvider.GetElapsedTime(_discardWindowStart, now) >= _discardWindow)
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
    private Outcome CloseOverDiscardBound(in WebSocketFrameHeader header)
    {
        _discardingMessage = false;
        _limit.OnClosedOverLimit();
        WebSocketFilterLog.DiscardBoundExceeded(_logger, _discardedInMessage, _discardedInWindow, header.FrameLength, _maxMessageBytes);
        return Outcome.Close;
    }

    private static long DiscardBound(long maxMessageBytes, int multiple) =>
        maxMessageBytes > long.MaxValue / multiple ? long.MaxValue : maxMessageBytes * multiple;
}
