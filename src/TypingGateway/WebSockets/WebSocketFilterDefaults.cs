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

    /// <summary>Read buffer when the inspection limit needs less; pooled and released while the guest is idle.</summary>
    public const int ReadBufferSize = 16 * 1024;
}
