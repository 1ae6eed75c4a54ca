namespace TypingGateway.WebSockets;

/// <summary>What <see cref="WebSocketStreamFilter"/> does with a frame the inspector has seen.</summary>
internal enum FrameVerdict
{
    /// <summary>Pass the original frame bytes (still masked) on to the upstream.</summary>
    Forward,

    /// <summary>Remove the whole frame from the stream.</summary>
    Drop,

    /// <summary>
    /// Remove the frame and end the guest's side of the session: a Close frame with 1008 (policy
    /// violation, RFC 6455 §7.4.1) goes to the upstream in its place and nothing the guest sends
    /// afterwards is forwarded. The upstream answers the close to the guest as usual.
    /// </summary>
    Close,
}
