namespace TypingGateway.WebSockets;

/// <summary>
/// Decides the fate of a small single-frame text message from the guest. Only such "candidates" are
/// shown: every other frame passes through <see cref="WebSocketStreamFilter"/> without a call.
/// </summary>
internal interface IGuestFrameInspector
{
    /// <summary>
    /// Called once per candidate, in stream order, never concurrently for one filter. The reader of the
    /// filter waits for the verdict, so a slow inspector slows this guest (backpressure), nothing else.
    /// An exception propagates to the reader and ends the connection: an inspector that wants to fail
    /// open returns <see cref="FrameVerdict.Forward"/> itself.
    /// </summary>
    /// <param name="utf8Payload">The unmasked payload. A pooled copy: valid only until the returned task completes.</param>
    /// <param name="cancellationToken">The reader's token.</param>
    ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken);
}
