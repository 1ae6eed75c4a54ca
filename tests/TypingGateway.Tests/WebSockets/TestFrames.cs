using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>An RFC 6455 encoder and decoder written independently of the code under test.</summary>
internal static class TestFrames
{
    public const string TypingMarker = """{"type":"typing"}""";

    /// <summary>Builds one frame. <paramref name="lengthCode"/> forces 126 or 127 (a possibly non-minimal encoding).</summary>
    public static byte[] Build(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true, uint? mask = null, int rsv = 0, int? lengthCode = null)
    {
        var code = lengthCode ?? (payload.Length <= 125 ? payload.Length : payload.Length <= 0xFFFF ? 126 : 127);
        var frame = new List<byte>
        {
            (byte)((fin ? 0x80 : 0) | (rsv << 4) | (int)opcode),
            (byte)((mask.HasValue ? 0x80 : 0) | code),
        };
        if (code == 126)
        {
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else if (code == 127)
        {
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                frame.Add((byte)((long)payload.Length >> shift));
            }
        }

        var key = new byte[4];
        if (mask is { } m)
        {
            key = [(byte)(m >> 24), (byte)(m >> 16), (byte)(m >> 8), (byte)m];
            frame.AddRange(key);
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame.Add((byte)(payload[i] ^ (mask.HasValue ? key[i % 4] : 0)));
        }

        return [.. frame];
    }

    /// <summary>A masked client text frame.</summary>
    public static byte[] ClientText(string text, uint mask = 0x37FA213D, bool fin = true) =>
        Build(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(text), fin, mask);

    /// <summary>An unmasked server text frame.</summary>
    public static byte[] ServerText(string text, bool fin = true) =>
        Build(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>Splits a byte stream into frames, unmasking payloads. Throws on anything it cannot decode.</summary>
    public static List<DecodedFrame> Decode(ReadOnlySpan<byte> stream)
    {
        var frames = new List<DecodedFrame>();
        var offset = 0;
        while (offset < stream.Length)
        {
            var frame = DecodeOne(stream[offset..]);
            frames.Add(frame with { Offset = offset });
            offset += frame.Raw.Length;
        }

        return frames;
    }

    private static DecodedFrame DecodeOne(ReadOnlySpan<byte> s)
    {
        var code = s[1] & 0x7F;
        var position = 2;
        long length = code;
        if (code == 126)
        {
            length = (s[2] << 8) | s[3];
            position = 4;
        }
        else if (code == 127)
        {
            length = 0;
            for (var i = 2; i < 10; i++)
            {
                length = (length << 8) | s[i];
            }

            position = 10;
        }

        var masked = (s[1] & 0x80) != 0;
        var key = masked ? s.Slice(position, 4).ToArray() : [0, 0, 0, 0];
        position += masked ? 4 : 0;
        var payload = s.Slice(position, (int)length).ToArray();
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= key[i % 4];
        }

        return new DecodedFrame(
            Offset: 0,
            Fin: (s[0] & 0x80) != 0,
            Opcode: (WebSocketOpcode)(s[0] & 0x0F),
            Masked: masked,
            Payload: payload,
            Raw: s[..(position + (int)length)].ToArray());
    }
}
