using TypingGateway.WebSockets;

namespace TypingGateway.Benchmarks.Infrastructure;

/// <summary>Pre-built frames as they cross the wire: masked from the guest (RFC 6455 §5.3), unmasked from the upstream.</summary>
internal static class WireFrames
{
    /// <summary>A masked client frame. Browsers pick a fresh key per frame; <paramref name="seed"/> varies it here.</summary>
    public static byte[] Client(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, int seed = 0) =>
        Build(opcode, payload, 0x9E3779B9u * (uint)(seed + 1));

    /// <summary>An unmasked server frame.</summary>
    public static byte[] Server(WebSocketOpcode opcode, ReadOnlySpan<byte> payload) => Build(opcode, payload, null);

    /// <summary><paramref name="count"/> client frames of one payload, back to back, each with its own mask key.</summary>
    public static byte[] ClientRun(WebSocketOpcode opcode, byte[] payload, int count) =>
        [.. Enumerable.Range(0, count).SelectMany(i => Client(opcode, payload, i))];

    private static byte[] Build(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, uint? maskKey)
    {
        var frame = new byte[WebSocketFrameWriter.GetFrameLength(payload.Length, maskKey.HasValue)];
        WebSocketFrameWriter.WriteFrame(frame, opcode, payload, maskKey);
        return frame;
    }
}
