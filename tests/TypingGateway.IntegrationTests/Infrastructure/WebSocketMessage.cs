using System.Net.WebSockets;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>A complete message as a test sends or receives it.</summary>
public sealed record WebSocketMessage(WebSocketMessageType Type, byte[] Payload)
{
    public static WebSocketMessage Text(string text) => new(WebSocketMessageType.Text, System.Text.Encoding.UTF8.GetBytes(text));

    public string AsText() => System.Text.Encoding.UTF8.GetString(Payload);
}
