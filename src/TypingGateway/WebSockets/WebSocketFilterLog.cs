using Microsoft.Extensions.Logging;

namespace TypingGateway.WebSockets;

/// <summary>Log events of the WebSocket filter: ids 1400–1499.</summary>
internal static partial class WebSocketFilterLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug,
        Message = "WebSocket frames {Direction} could not be parsed; the rest of that direction passes through untouched.")]
    public static partial void StreamNotParseable(ILogger logger, WebSocketFrameDirection direction);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug,
        Message = "Writing a gateway frame to the guest failed; further gateway frames to this guest are dropped.")]
    public static partial void GuestInjectionFailed(ILogger logger, Exception exception);

    // Once per connection: a widget that sends one oversized message usually sends more.
    [LoggerMessage(EventId = 1403, Level = LogLevel.Information,
        Message = "A guest message of {FrameBytes} bytes in its first frame is over the route's MaxMessageBytes {MaxMessageBytes}; "
            + "discarded and answered with the platform's error frame (logged once per connection).")]
    public static partial void MessageOverLimitDiscarded(ILogger logger, long frameBytes, long maxMessageBytes);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information,
        Message = "A guest message grew past the route's MaxMessageBytes {MaxMessageBytes} ({ForwardedBytes} bytes forwarded, next frame {FrameBytes} bytes); "
            + "the WebSocket is closed with 1009.")]
    public static partial void MessageOverLimitClosed(ILogger logger, long forwardedBytes, long frameBytes, long maxMessageBytes);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information,
        Message = "A guest kept sending messages over the route's MaxMessageBytes {MaxMessageBytes}: {MessageBytes} bytes discarded of the current message, "
            + "{WindowBytes} in the window, next frame {FrameBytes} bytes, past the discard bound; the WebSocket is closed with 1009.")]
    public static partial void DiscardBoundExceeded(ILogger logger, long messageBytes, long windowBytes, long frameBytes, long maxMessageBytes);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Information,
        Message = "A guest WebSocket was idle for {IdleSeconds} s, close to its cluster's activity timeout; closed with 1001 \"idle timeout\" at a message boundary.")]
    public static partial void IdleClosed(ILogger logger, long idleSeconds);
}
