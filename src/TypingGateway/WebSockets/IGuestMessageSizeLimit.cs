namespace TypingGateway.WebSockets;

/// <summary>
/// A route's limit on the size of the guest's data messages and its answer to a larger one. The reader
/// of <see cref="WebSocketStreamFilter"/> enforces it from frame headers as the bytes stream through:
/// an oversized payload is never buffered, whatever its size. Control frames are never limited.
/// </summary>
internal interface IGuestMessageSizeLimit
{
    /// <summary>
    /// The largest data message, in payload bytes summed over all its frames (RFC 6455 §5.4); for an
    /// unfragmented message, its one frame's payload length. At least 1.
    /// </summary>
    long MaxMessageBytes { get; }

    /// <summary>
    /// A data message announced more than <see cref="MaxMessageBytes"/> in its first frame: nothing of it
    /// has gone upstream. Called synchronously on the reader, once per such message.
    /// </summary>
    /// <returns>
    /// True when the guest has been answered (the platform's error frame): the reader discards the whole
    /// message, up to its final fragment, and the connection stays open. False when there is no answer to
    /// give: the reader closes with 1009 instead, as for <see cref="OnClosedOverLimit"/>.
    /// </returns>
    bool TryDiscardMessage();

    /// <summary>
    /// The reader is closing the connection with 1009 (message too big): a fragmented message, partly
    /// forwarded already, grew past the limit (a sent fragment cannot be taken back), or
    /// <see cref="TryDiscardMessage"/> returned false. Called synchronously on the reader, at most once.
    /// </summary>
    void OnClosedOverLimit();
}
