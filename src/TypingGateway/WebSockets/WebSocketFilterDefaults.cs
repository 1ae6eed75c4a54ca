namespace TypingGateway.WebSockets;

internal static class WebSocketFilterDefaults
{
    /// <summary>Typing and small chat frames are far below this; anything larger streams through uninspected.</summary>
    public const int InspectionLimit = 8 * 1024;

    /// <summary>Bounds the candidate buffer: the whole frame must fit in one pooled read buffer.</summary>
    public const int MaxInspectionLimit = 1024 * 1024;

    /// <summary>A handful covers a stop and an error frame or two; more means the connection is stalled.</summary>
    public const int MaxPendingInjections = 16;

    /// <summary>Read buffer when the inspection limit needs less; pooled and released while the guest is idle.</summary>
    public const int ReadBufferSize = 16 * 1024;
}
