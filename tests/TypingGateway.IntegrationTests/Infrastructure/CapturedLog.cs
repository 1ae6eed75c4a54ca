namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>One log entry a gateway instance wrote, fully rendered: message, every property and the exception text.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception, string Properties = "")
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message} {{{Properties}}} {Exception}";
}
