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
}
