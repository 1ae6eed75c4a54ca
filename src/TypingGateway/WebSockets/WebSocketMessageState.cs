namespace TypingGateway.WebSockets;

/// <summary>
/// Message-level position of one direction of a connection: inside a fragmented message or not, whether
/// a Close frame has passed, whether the stream stopped making sense. Frame-level position (header,
/// payload) belongs to the caller.
/// </summary>
internal sealed class WebSocketMessageState(WebSocketFrameDirection direction)
{
    private readonly bool _expectMasked = direction == WebSocketFrameDirection.ClientToServer;

    /// <summary>A data frame with FIN=0 started a message whose final fragment has not started yet (§5.4).</summary>
    public bool InFragmentedMessage { get; private set; }

    /// <summary>A Close frame has started: after it a peer sends no more data frames (§5.5.1).</summary>
    public bool CloseSeen { get; private set; }

    /// <summary>
    /// The frame sequence violated the framing rules: boundaries can no longer be trusted, so everything
    /// that follows is passed through untouched and the upstream or guest fails the connection itself.
    /// </summary>
    public bool Broken { get; private set; }

    /// <summary>Between frames, a frame here would start a new message.</summary>
    public bool AtMessageBoundary => !InFragmentedMessage && !Broken;

    /// <summary>Whether the gateway may still add its own data frames in this direction.</summary>
    public bool AcceptsInjection => !CloseSeen && !Broken;

    /// <summary>Records the start of a frame whose header was parsed.</summary>
    /// <returns>False when the frame breaks §5.1 (masking) or §5.4 (fragmentation): <see cref="Broken"/> is then set.</returns>
    public bool TryStartFrame(in WebSocketFrameHeader header)
    {
        if (Broken)
        {
            return false;
        }

        if (header.Masked != _expectMasked)
        {
            // §5.1: a server must close on an unmasked client frame, a client on a masked server frame.
            return Break();
        }

        switch (header.Opcode)
        {
            case WebSocketOpcode.Continuation:
                if (!InFragmentedMessage)
                {
                    return Break();
                }

                InFragmentedMessage = !header.Fin;
                break;
            case WebSocketOpcode.Text:
            case WebSocketOpcode.Binary:
                if (InFragmentedMessage)
                {
                    // §5.4: fragments of one message are not interleaved with another message.
                    return Break();
                }

                InFragmentedMessage = !header.Fin;
                break;
            case WebSocketOpcode.Close:
                CloseSeen = true;
                break;
            default:
                // Ping and pong may appear anywhere, even between fragments (§5.4, §5.5).
                break;
        }

        return true;
    }

    /// <summary>Marks the stream as unparseable (an invalid header).</summary>
    public void MarkBroken() => Broken = true;

    private bool Break()
    {
        Broken = true;
        return false;
    }
}
