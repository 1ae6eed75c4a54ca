namespace TypingGateway.WebSockets;

/// <summary>Which peer sent a frame; decides whether it must be masked (RFC 6455 §5.1).</summary>
internal enum WebSocketFrameDirection
{
    /// <summary>Guest → upstream: every frame MUST be masked.</summary>
    ClientToServer,

    /// <summary>Upstream → guest: no frame may be masked.</summary>
    ServerToClient,
}
