using Microsoft.Extensions.Logging;

namespace TypingGateway.WebSockets;

/// <summary>Log events of the WebSocket filter: ids 1300–1399.</summary>
internal static partial class WebSocketFilterLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug,
        Message = "WebSocket frames {Direction} could not be parsed; the rest of that direction passes through untouched.")]
    public static partial void StreamNotParseable(ILogger logger, WebSocketFrameDirection direction);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug,
        Message = "Writing a gateway frame to the guest failed; further gateway frames to this guest are dropped.")]
    public static partial void GuestInjectionFailed(ILogger logger, Exception exception);
}
