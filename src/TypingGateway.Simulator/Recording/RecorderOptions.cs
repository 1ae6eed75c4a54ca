namespace TypingGateway.Simulator.Recording;

/// <summary>Bounds of the in-memory recorder.</summary>
public sealed class RecorderOptions
{
    /// <summary>Most items kept; the oldest are dropped first.</summary>
    public int MaxItems { get; set; } = 200_000;
}
