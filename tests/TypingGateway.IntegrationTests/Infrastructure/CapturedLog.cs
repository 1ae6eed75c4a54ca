namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>One log entry a gateway instance wrote, fully rendered.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message} {Exception}";
}
