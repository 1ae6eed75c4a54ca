using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class WebSocketFrameHeaderTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(127, 4)]
    [InlineData(65535, 4)]
    [InlineData(65536, 10)]
    [InlineData(70000, 10)]
    public void TryParse_UnmaskedLengthBoundary_LengthAndHeaderLength(int payloadLength, int headerLength)
    {
        var frame = TestFrames.Build(WebSocketOpcode.Binary, new byte[payloadLength]);

        var status = WebSocketFrameHeader.TryParse(frame, out var header);

        Assert.Equal(WebSocketFrameParseStatus.Parsed, status);
        Assert.Equal(new WebSocketFrameHeader(true, 0, WebSocketOpcode.Binary, false, 0, payloadLength, headerLength), header);
        Assert.Equal(frame.Length, header.FrameLength);
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(125, 6)]
    [InlineData(126, 8)]
    [InlineData(65535, 8)]
    [InlineData(65536, 14)]
    public void TryParse_MaskedLengthBoundary_MaskKeyAndHeaderLength(int payloadLength, int headerLength)
    {
        var frame = TestFrames.Build(WebSocketOpcode.Text, new byte[payloadLength], fin: false, mask: 0xA1B2C3D4);

        var status = WebSocketFrameHeader.TryParse(frame, out var header);

        Assert.Equal(WebSocketFrameParseStatus.Parsed, status);
        Assert.Equal(new WebSocketFrameHeader(false, 0, WebSocketOpcode.Text, true, 0xA1B2C3D4, payloadLength, headerLength), header);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65535, 4)]
    [InlineData(65536, 10)]
    public void TryParse_SplitAtEveryByte_NeedMoreDataUntilHeaderComplete(int payloadLength, int unmaskedHeaderLength)
    {
        foreach (var mask in new uint?[] { null, 0x01020304 })
        {
            var frame = TestFrames.Build(WebSocketOpcode.Binary, new byte[payloadLength], mask: mask);
            var headerLength = unmaskedHeaderLength + (mask.HasValue ? 4 : 0);

            for (var cut = 0; cut < headerLength; cut++)
            {
                Assert.Equal(WebSocketFrameParseStatus.NeedMoreData, WebSocketFrameHeader.TryParse(frame.AsSpan(0, cut), out _));
            }

            Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(frame.AsSpan(0, headerLength), out var header));
            Assert.Equal(payloadLength, header.PayloadLength);
        }
    }

    [Theory]
    [InlineData((int)WebSocketOpcode.Continuation)]
    [InlineData((int)WebSocketOpcode.Text)]
    [InlineData((int)WebSocketOpcode.Binary)]
    [InlineData((int)WebSocketOpcode.Close)]
    [InlineData((int)WebSocketOpcode.Ping)]
    [InlineData((int)WebSocketOpcode.Pong)]
    public void TryParse_DefinedOpcode_Parsed(int value)
    {
        var opcode = (WebSocketOpcode)value;
        Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(TestFrames.Build(opcode, [1, 2]), out var header));
        Assert.Equal(opcode, header.Opcode);
        Assert.Equal(opcode >= WebSocketOpcode.Close, header.IsControl);
    }

    [Theory]
    [InlineData(0x3)]
    [InlineData(0x4)]
    [InlineData(0x5)]
    [InlineData(0x6)]
    [InlineData(0x7)]
    [InlineData(0xB)]
    [InlineData(0xC)]
    [InlineData(0xD)]
    [InlineData(0xE)]
    [InlineData(0xF)]
    public void TryParse_ReservedOpcode_Invalid(int opcode)
    {
        Assert.Equal(WebSocketFrameParseStatus.Invalid, WebSocketFrameHeader.TryParse([(byte)(0x80 | opcode), 0x00], out _));
    }

    [Theory]
    [InlineData((int)WebSocketOpcode.Close)]
    [InlineData((int)WebSocketOpcode.Ping)]
    [InlineData((int)WebSocketOpcode.Pong)]
    public void TryParse_FragmentedControlFrame_Invalid(int opcode)
    {
        Assert.Equal(WebSocketFrameParseStatus.Invalid, WebSocketFrameHeader.TryParse(TestFrames.Build((WebSocketOpcode)opcode, [], fin: false), out _));
    }

    [Theory]
    [InlineData((int)WebSocketOpcode.Close, 126)]
    [InlineData((int)WebSocketOpcode.Ping, 126)]
    [InlineData((int)WebSocketOpcode.Pong, 127)]
    public void TryParse_ControlFrameOver125_InvalidFromTwoBytes(int opcode, int lengthCode)
    {
        var frame = TestFrames.Build((WebSocketOpcode)opcode, new byte[200], lengthCode: lengthCode);

        Assert.Equal(WebSocketFrameParseStatus.Invalid, WebSocketFrameHeader.TryParse(frame.AsSpan(0, 2), out _));
    }

    [Fact]
    public void TryParse_ControlFrameOf125_Parsed()
    {
        Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(TestFrames.Build(WebSocketOpcode.Ping, new byte[125]), out var header));
        Assert.Equal(125, header.PayloadLength);
    }

    [Fact]
    public void TryParse_SixtyFourBitLengthWithMostSignificantBit_Invalid()
    {
        byte[] frame = [0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1];

        Assert.Equal(WebSocketFrameParseStatus.NeedMoreData, WebSocketFrameHeader.TryParse(frame.AsSpan(0, 9), out _));
        Assert.Equal(WebSocketFrameParseStatus.Invalid, WebSocketFrameHeader.TryParse(frame, out _));
    }

    [Fact]
    public void TryParse_LargestFrameAStreamPositionHolds_Parsed()
    {
        // 2^63 - 15: with the longest (masked) header the frame is exactly long.MaxValue bytes.
        byte[] frame = [0x82, 0x80 | 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF1, 1, 2, 3, 4];

        Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(frame, out var header));
        Assert.Equal(long.MaxValue - 14, header.PayloadLength);
        Assert.Equal(long.MaxValue, header.FrameLength);
    }

    [Theory]
    [Trait("Area", "Robustness")]
    [InlineData(0xF2)]
    [InlineData(0xF8)]
    [InlineData(0xFF)]
    public void TryParse_FrameLengthPastStreamPosition_Invalid(byte lastLengthByte)
    {
        // Issue 12 D7: 2^63 - 14 and up overflowed FrameLength.
        byte[] frame = [0x82, 0x80 | 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, lastLengthByte, 1, 2, 3, 4];

        Assert.Equal(WebSocketFrameParseStatus.Invalid, WebSocketFrameHeader.TryParse(frame, out _));
    }

    [Theory]
    [InlineData(5, 126)]
    [InlineData(5, 127)]
    [InlineData(300, 127)]
    public void TryParse_NonMinimalLengthEncoding_ParsedWithTrueLength(int payloadLength, int lengthCode)
    {
        var frame = TestFrames.Build(WebSocketOpcode.Text, new byte[payloadLength], lengthCode: lengthCode);

        Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(frame, out var header));
        Assert.Equal(payloadLength, header.PayloadLength);
        Assert.Equal(frame.Length, header.FrameLength);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void TryParse_RsvBits_ReportedNotRejected(int rsv)
    {
        var frame = TestFrames.Build(WebSocketOpcode.Text, [0x41], rsv: rsv);

        Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(frame, out var header));
        Assert.Equal(rsv, header.Rsv);
    }

    [Fact]
    public void TryParse_TrailingBytes_OnlyHeaderConsumed()
    {
        var frame = TestFrames.Concat(TestFrames.ClientText("hi"), TestFrames.ClientText("there"));

        Assert.Equal(WebSocketFrameParseStatus.Parsed, WebSocketFrameHeader.TryParse(frame, out var header));
        Assert.Equal(new WebSocketFrameHeader(true, 0, WebSocketOpcode.Text, true, 0x37FA213D, 2, 6), header);
    }
}
