namespace TypingGateway.WebSockets;

/// <summary>What <see cref="WebSocketStreamFilter"/> does with a frame the inspector has seen.</summary>
internal enum FrameVerdict
{
    /// <summary>Pass the original frame bytes (still masked) on to the upstream.</summary>
    Forward,

    /// <summary>Remove the whole frame from the stream.</summary>
    Drop,
}
