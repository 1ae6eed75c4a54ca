namespace TypingGateway.WebSockets;

internal static class WebSocketFilterDefaults
{
    /// <summary>Typing and small chat frames are far below this; anything larger streams through uninspected.</summary>
    // The largest candidate that still fits the 16 KiB read buffer with its header (no extra memory per
    // connection). It covers Genesys' longest guest message, 4,000 characters (≤ 12 KB of UTF-8 plus
    // the envelope), so real messages are seen and reset typing bursts.
    public const int InspectionLimit = ReadBufferSize - WebSocketFrameHeader.MaxHeaderLength;

    /// <summary>Bounds the candidate buffer: the whole frame must fit in one pooled read buffer.</summary>
    public const int MaxInspectionLimit = 1024 * 1024;

    /// <summary>A handful covers a stop and an error frame or two; more means the connection is stalled.</summary>
    public const int MaxPendingInjections = 16;

    /// <summary>
    /// Issue 12 D6: bytes of one over-size message the reader may discard, in multiples of the route's
    /// MaxMessageBytes, before it closes with 1009. A widget that overshoots the limit does so by a little;
    /// four times the limit is no message, but a guest streaming data the platform would refuse.
    /// </summary>
    public const int OversizeDiscardPerMessage = 4;

    /// <summary>
    /// Issue 12 D6: bytes of over-size messages the reader may discard per connection within
    /// <see cref="OversizeDiscardWindowSeconds"/>, in multiples of the route's MaxMessageBytes, before it
    /// closes with 1009: a guest retrying a too-long message a few times keeps its connection; one sending
    /// them in a loop costs the gateway a bounded amount of reading (bare YARP: the platform's own 1009).
    /// </summary>
    public const int OversizeDiscardPerWindow = 16;

    /// <summary>The window of <see cref="OversizeDiscardPerWindow"/>, from the first discard in it.</summary>
    public const int OversizeDiscardWindowSeconds = 60;

    /// <summary>Read buffer when the inspection limit needs less; pooled and released while the guest is idle.</summary>
    public const int ReadBufferSize = 16 * 1024;

    /// <summary>
    /// How long a guest has to answer the gateway's Close before the gateway closes the upstream side itself (RFC 6455
    /// §7.1.1: the client answers at once; a browser does).
    /// </summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>YARP's activity timeout when a cluster sets none (<c>ForwarderRequestConfig.ActivityTimeout</c>).</summary>
    public static readonly TimeSpan YarpActivityTimeout = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long a filtered WebSocket may be silent before the gateway closes it with 1001, for a cluster activity timeout
    /// of <paramref name="activityTimeout"/>: 5 s before it (room for the close handshake and its timeout), or half of it
    /// when it is 10 s or less.
    /// </summary>
    public static TimeSpan IdleCloseAfter(TimeSpan activityTimeout) =>
        activityTimeout > TimeSpan.FromSeconds(10) ? activityTimeout - TimeSpan.FromSeconds(5) : activityTimeout / 2;
}
