using System.Buffers.Binary;

namespace TypingGateway.WebSockets;

/// <summary>A parsed RFC 6455 §5.2 frame header.</summary>
/// <param name="Fin">Final fragment of a message.</param>
/// <param name="Rsv">The three reserved bits (RSV1 = 4, RSV2 = 2, RSV3 = 1); non-zero only with a negotiated extension.</param>
/// <param name="Opcode">The frame type.</param>
/// <param name="Masked">Whether the payload is masked (§5.3).</param>
/// <param name="MaskKey">The masking key in network byte order (first key byte in the high 8 bits); 0 when not masked.</param>
/// <param name="PayloadLength">Payload bytes following the header.</param>
/// <param name="HeaderLength">Bytes of the header itself: 2 to 14.</param>
internal readonly record struct WebSocketFrameHeader(
    bool Fin,
    byte Rsv,
    WebSocketOpcode Opcode,
    bool Masked,
    uint MaskKey,
    long PayloadLength,
    int HeaderLength)
{
    /// <summary>2 fixed bytes + 8 bytes of 64-bit length + 4 bytes of masking key.</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>
    /// The largest payload length whose whole frame, with the longest header, still fits a 64-bit stream
    /// position (<see cref="long.MaxValue"/>); a longer announced payload makes the header invalid.
    /// </summary>
    public const long MaxPayloadLength = long.MaxValue - MaxHeaderLength;

    /// <summary>§5.5: control frames carry at most 125 payload bytes.</summary>
    public const int MaxControlPayloadLength = 125;

    /// <summary>Whole frame on the wire: header and payload.</summary>
    public long FrameLength => HeaderLength + PayloadLength;

    /// <summary>§5.5: opcodes with the high bit set are control frames (close, ping, pong).</summary>
    public bool IsControl => IsControlOpcode(Opcode);

    internal static bool IsControlOpcode(WebSocketOpcode opcode) => ((byte)opcode & 0x8) != 0;

    /// <summary>
    /// Parses a header from the start of <paramref name="buffer"/>. Accepts what §5.2 makes parseable and
    /// rejects what makes the framing itself meaningless: reserved opcodes, a 64-bit length with the most
    /// significant bit set or past <see cref="MaxPayloadLength"/>, and control frames that are fragmented or longer than 125 bytes (§5.5).
    /// Deliberately lenient about a non-minimal length encoding: it still delimits the frame exactly,
    /// and judging it is the upstream's business, as it would be without the gateway.
    /// Masking rules depend on the direction and are checked by <see cref="WebSocketMessageState"/>.
    /// </summary>
    public static WebSocketFrameParseStatus TryParse(ReadOnlySpan<byte> buffer, out WebSocketFrameHeader header)
    {
        header = default;
        if (buffer.Length < 2)
        {
            return WebSocketFrameParseStatus.NeedMoreData;
        }

        var first = buffer[0];
        var second = buffer[1];
        var opcode = (WebSocketOpcode)(first & 0x0F);
        if (!IsDefined(opcode))
        {
            return WebSocketFrameParseStatus.Invalid;
        }

        var fin = (first & 0x80) != 0;
        var lengthCode = second & 0x7F;
        if (IsControlOpcode(opcode) && (!fin || lengthCode > MaxControlPayloadLength))
        {
            return WebSocketFrameParseStatus.Invalid;
        }

        var masked = (second & 0x80) != 0;
        var lengthBytes = lengthCode switch
        {
            126 => 2,
            127 => 8,
            _ => 0,
        };
        var headerLength = 2 + lengthBytes + (masked ? 4 : 0);
        if (buffer.Length < headerLength)
        {
            return WebSocketFrameParseStatus.NeedMoreData;
        }

        long payloadLength = lengthCode;
        if (lengthCode == 126)
        {
            payloadLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        }
        else if (lengthCode == 127)
        {
            var length = BinaryPrimitives.ReadUInt64BigEndian(buffer[2..]);
            if (length > long.MaxValue)
            {
                // §5.2: "the most significant bit MUST be 0".
                return WebSocketFrameParseStatus.Invalid;
            }

            if (length > MaxPayloadLength)
            {
                // Issue 12 D7: header + payload would overflow FrameLength (a negative frame length stalled
                // the reader until the activity timeout). No stream can carry such a frame (a stream position
                // is a long), so it is as malformed as one with the MSB set, and treated the same: design §7
                // forwards malformed frames untouched (the direction becomes opaque) and lets the upstream
                // fail the connection, as bare YARP does; a 1002 of our own would make the gateway judge
                // framing it cannot delimit, and differ from the platform's answer without the gateway.
                return WebSocketFrameParseStatus.Invalid;
            }

            payloadLength = (long)length;
        }

        var maskKey = masked ? BinaryPrimitives.ReadUInt32BigEndian(buffer[(2 + lengthBytes)..]) : 0u;
        header = new WebSocketFrameHeader(fin, (byte)((first >> 4) & 0x7), opcode, masked, maskKey, payloadLength, headerLength);
        return WebSocketFrameParseStatus.Parsed;
    }

    private static bool IsDefined(WebSocketOpcode opcode) => opcode is
        WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary or
        WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong;
}
