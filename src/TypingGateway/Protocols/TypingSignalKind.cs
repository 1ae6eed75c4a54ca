namespace TypingGateway.Protocols;

/// <summary>What a recogniser found in one guest frame or request.</summary>
internal enum TypingSignalKind
{
    /// <summary>Not typing and not a chat message (session setup, heartbeats, receipts, garbage): pass untouched.</summary>
    Other,

    /// <summary>Typing started (or continues).</summary>
    Start,

    /// <summary>Typing stopped.</summary>
    Stop,

    /// <summary>A typing preview carrying the unsent draft (CXone).</summary>
    Preview,

    /// <summary>A real message (text, attachment…): the platform clears typing on its own.</summary>
    Message,
}
