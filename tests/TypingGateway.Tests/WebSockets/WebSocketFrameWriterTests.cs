using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class WebSocketFrameWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void WriteFrame_LengthBoundary_SmallestEncodingExactBytes(int payloadLength)
    {
        var payload = new byte[payloadLength];
        new Random(payloadLength).NextBytes(payload);
        var destination = new byte[WebSocketFrameWriter.GetFrameLength(payloadLength, masked: true)];

        var written = WebSocketFrameWriter.WriteFrame(destination, WebSocketOpcode.Binary, payload, 0x0BADF00D);

        Assert.Equal(destination.Length, written);
        Assert.Equal(TestFrames.Build(WebSocketOpcode.Binary, payload, mask: 0x0BADF00D), destination);
    }

    [Fact]
    public void WriteFrame_Rfc6455UnmaskedHello_ExactBytes()
    {
        var destination = new byte[7];

        WebSocketFrameWriter.WriteFrame(destination, WebSocketOpcode.Text, "Hello"u8, maskKey: null);

        // RFC 6455 §5.7: "A single-frame unmasked text message".
        Assert.Equal(new byte[] { 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f }, destination);
    }

    [Fact]
    public void WriteFrame_ControlFrameOver125_Throws()
    {
        var destination = new byte[200];

        Assert.Throws<ArgumentException>(() => WebSocketFrameWriter.WriteFrame(destination, WebSocketOpcode.Ping, new byte[126], null));
    }

    [Fact]
    public void WriteFrame_DestinationTooSmall_Throws()
    {
        var destination = new byte[6];

        Assert.Throws<ArgumentOutOfRangeException>(() => WebSocketFrameWriter.WriteFrame(destination, WebSocketOpcode.Text, "Hello"u8, null));
    }

    [Fact]
    public void RentTextFrame_ClientToServer_MaskedWithFreshKeyDecodesToPayload()
    {
        var payload = Encoding.UTF8.GetBytes("""{"type":"typing","on":false}""");

        var first = WebSocketFrameWriter.RentTextFrame(payload, WebSocketFrameDirection.ClientToServer);
        var second = WebSocketFrameWriter.RentTextFrame(payload, WebSocketFrameDirection.ClientToServer);
        var decodedFirst = Assert.Single(TestFrames.Decode(first.Bytes.Span));
        var decodedSecond = Assert.Single(TestFrames.Decode(second.Bytes.Span));
        first.Return();
        second.Return();

        Assert.True(decodedFirst is { Masked: true, Fin: true, Opcode: WebSocketOpcode.Text });
        Assert.Equal(payload, decodedFirst.Payload);
        Assert.Equal(payload, decodedSecond.Payload);
        Assert.NotEqual(decodedFirst.Raw.AsSpan(2, 4).ToArray(), decodedSecond.Raw.AsSpan(2, 4).ToArray());
    }

    [Fact]
    public void RentTextFrame_ServerToClient_UnmaskedExactBytes()
    {
        var frame = WebSocketFrameWriter.RentTextFrame("""{"code":429}"""u8, WebSocketFrameDirection.ServerToClient);
        var bytes = frame.Bytes.ToArray();
        frame.Return();

        Assert.Equal(TestFrames.ServerText("""{"code":429}"""), bytes);
    }

    [Fact]
    public void RentTextFrame_InvalidUtf8_Throws()
    {
        Assert.Throws<ArgumentException>(() => WebSocketFrameWriter.RentTextFrame([0xC3, 0x28], WebSocketFrameDirection.ServerToClient));
    }
}
