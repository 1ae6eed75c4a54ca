using System.Net.WebSockets;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>A complete (reassembled) inbound message, or the close frame that ended the stream.</summary>
internal readonly record struct ReceivedMessage(
    WebSocketMessageType Type,
    ReadOnlyMemory<byte> Payload,
    bool TooBig,
    WebSocketCloseStatus? CloseStatus,
    string? CloseDescription);
