using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class WebSocketMaskTests
{
    [Fact]
    public void Apply_Rfc6455Example_MasksHello()
    {
        // RFC 6455 §5.7: "a single-frame masked text message" containing "Hello".
        byte[] payload = "Hello"u8.ToArray();

        var next = WebSocketMask.Apply(payload, 0x37FA213D, 0);

        Assert.Equal(new byte[] { 0x7F, 0x9F, 0x4D, 0x51, 0x58 }, payload);
        Assert.Equal(1, next);
    }

    [Fact]
    public void Apply_EveryLengthAndOffset_MatchesBytewiseDefinition()
    {
        var random = new Random(6455);
        for (var length = 0; length <= 200; length++)
        {
            for (var offset = 0; offset < 4; offset++)
            {
                var key = (uint)random.Next() ^ ((uint)random.Next() << 16);
                var data = new byte[length];
                random.NextBytes(data);
                var expected = Bytewise(data, key, offset);

                var next = WebSocketMask.Apply(data, key, offset);

                Assert.Equal(expected, data);
                Assert.Equal((offset + length) % 4, next);
            }
        }
    }

    [Fact]
    public void Apply_PayloadSplitAcrossBuffers_SameAsWhole()
    {
        var random = new Random(42);
        var whole = new byte[1000];
        random.NextBytes(whole);
        var expected = Bytewise(whole, 0xDEADBEEF, 0);

        var pieces = (byte[])whole.Clone();
        var offset = 0;
        for (var start = 0; start < pieces.Length;)
        {
            var length = Math.Min(random.Next(1, 70), pieces.Length - start);
            offset = WebSocketMask.Apply(pieces.AsSpan(start, length), 0xDEADBEEF, offset);
            start += length;
        }

        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void Apply_Twice_RestoresOriginal()
    {
        var data = "{\"type\":\"typing\"} and a longer tail to reach the vector path........"u8.ToArray();
        var original = (byte[])data.Clone();

        WebSocketMask.Apply(data, 0x11223344, 3);
        WebSocketMask.Apply(data, 0x11223344, 3);

        Assert.Equal(original, data);
    }

    private static byte[] Bytewise(byte[] data, uint key, int offset)
    {
        byte[] keyBytes = [(byte)(key >> 24), (byte)(key >> 16), (byte)(key >> 8), (byte)key];
        var result = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = (byte)(data[i] ^ keyBytes[(i + offset) % 4]);
        }

        return result;
    }
}
