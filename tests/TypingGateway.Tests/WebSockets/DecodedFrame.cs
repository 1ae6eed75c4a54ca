using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

internal sealed record DecodedFrame(int Offset, bool Fin, WebSocketOpcode Opcode, bool Masked, byte[] Payload, byte[] Raw)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}
