namespace TypingGateway.Typing;

/// <summary>Where a profile's typing indicators travel.</summary>
public enum TypingTransport
{
    /// <summary>Text frames of a WebSocket (guest → upstream).</summary>
    WebSocket,

    /// <summary>HTTP requests (one request per indicator).</summary>
    Http,
}
