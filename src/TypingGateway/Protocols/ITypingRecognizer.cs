namespace TypingGateway.Protocols;

/// <summary>
/// Recognises a platform's typing indicators in guest frames (WebSocket) or request bodies (HTTP).
/// Recognisers never change what they are given; anything they do not recognise is <see cref="TypingSignalKind.Other"/>.
/// </summary>
internal interface ITypingRecognizer
{
    /// <summary>Classifies one UTF-8 JSON text (malformed input is <see cref="TypingSignalKind.Other"/>, never an exception).</summary>
    TypingSignal Recognize(ReadOnlyMemory<byte> utf8Json, TypingContext context);

    /// <summary>The stop to synthesize, derived from the guest's last start; null when the platform has no stop frame.</summary>
    byte[]? BuildStop(ReadOnlyMemory<byte> lastStart);

    /// <summary>
    /// The request headers <see cref="Recognize"/> reads through <see cref="TypingContext.Header"/>: only these are copied
    /// into a connection's context (none by default).
    /// </summary>
    IReadOnlyList<string> HeaderNames => [];
}
