namespace TypingGateway.WebSockets;

/// <summary>How the gateway inspects and edits guest WebSocket streams on typing routes.</summary>
public sealed class WebSocketFilterOptions
{
    public const string SectionName = "WebSockets";

    /// <summary>
    /// Largest payload, in bytes, of a single-frame text message shown to the inspector. Larger frames pass
    /// through without being buffered or unmasked. Default 16,370 bytes (a frame then fits the 16 KiB read buffer), at most 1 MiB.
    /// </summary>
    public int InspectionLimit { get; set; } = WebSocketFilterDefaults.InspectionLimit;

    /// <summary>Gateway-made frames that may wait per direction for a message boundary; more are refused. Default 16.</summary>
    public int MaxPendingInjections { get; set; } = WebSocketFilterDefaults.MaxPendingInjections;

    /// <summary>
    /// On routes with MaxMessageBytes whose platform answers an over-size message (Genesys): bytes of one such
    /// message discarded, in multiples of MaxMessageBytes, past which the connection is closed with 1009. Default 4.
    /// </summary>
    public int OversizeDiscardPerMessage { get; set; } = WebSocketFilterDefaults.OversizeDiscardPerMessage;

    /// <summary>
    /// Bytes of over-size messages discarded per connection within <see cref="OversizeDiscardWindow"/>, in
    /// multiples of MaxMessageBytes, past which the connection is closed with 1009. Default 16; at least
    /// <see cref="OversizeDiscardPerMessage"/>.
    /// </summary>
    public int OversizeDiscardPerWindow { get; set; } = WebSocketFilterDefaults.OversizeDiscardPerWindow;

    /// <summary>The window of <see cref="OversizeDiscardPerWindow"/>, starting at the first discard in it. Default 1 minute.</summary>
    public TimeSpan OversizeDiscardWindow { get; set; } = TimeSpan.FromSeconds(WebSocketFilterDefaults.OversizeDiscardWindowSeconds);
}
