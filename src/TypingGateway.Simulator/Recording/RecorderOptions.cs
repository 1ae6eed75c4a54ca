namespace TypingGateway.Simulator.Recording;

/// <summary>Bounds of the in-memory recorder.</summary>
public sealed class RecorderOptions
{
    /// <summary>Most items kept; the oldest are dropped first.</summary>
    public int MaxItems { get; set; } = 200_000;

    /// <summary>
    /// Whether the echo endpoints (<c>/echo</c>, <c>/ws</c>) record what they receive. The benchmark turns
    /// it off so the upstream costs as little as possible; platform endpoints always record.
    /// </summary>
    public bool RecordEcho { get; set; } = true;
}
