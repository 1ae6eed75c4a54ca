namespace TypingGateway.Simulator.Recording;

/// <summary>A recorded item before the recorder stamps its sequence number and time.</summary>
internal sealed record RecordDraft
{
    public required string ConnectionId { get; init; }
    public string? Session { get; init; }
    public required string Protocol { get; init; }
    public required string Kind { get; init; }
    public required string Outcome { get; init; }
    public required string MessageType { get; init; }
    public PayloadSummary Payload { get; init; } = PayloadSummary.Empty;
    public string? Method { get; init; }
    public string? Path { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public int? CloseStatus { get; init; }
    public string? CloseDescription { get; init; }
}
