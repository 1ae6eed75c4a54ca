namespace TypingGateway.WebSockets;

/// <summary>Outcome of <see cref="WebSocketFrameHeader.TryParse"/>.</summary>
internal enum WebSocketFrameParseStatus
{
    /// <summary>The bytes are a valid prefix of a header; more are needed to finish it.</summary>
    NeedMoreData,

    /// <summary>A complete, valid header was parsed.</summary>
    Parsed,

    /// <summary>The bytes cannot start an RFC 6455 frame.</summary>
    Invalid,
}
