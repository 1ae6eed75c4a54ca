using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

public sealed class WebSocketFrameScannerTests
{
    [Fact]
    public void Scan_StopAtMessageBoundary_StopsAfterEachMessageNotInsideFragments()
    {
        var one = TestFrames.ServerText("one");
        var start = TestFrames.ServerText("a", fin: false);
        var ping = TestFrames.Build(WebSocketOpcode.Ping, []);
        var end = TestFrames.Build(WebSocketOpcode.Continuation, "b"u8);
        var data = TestFrames.Concat(one, start, ping, end);
        var scanner = new WebSocketFrameScanner(WebSocketFrameDirection.ServerToClient);

        var first = scanner.Scan(data, stopAtMessageBoundary: true);
        var second = scanner.Scan(data.AsSpan(first), stopAtMessageBoundary: true);

        Assert.Equal(one.Length, first);
        Assert.Equal(start.Length + ping.Length + end.Length, second);
        Assert.True(scanner.AtMessageBoundary);
    }

    [Fact]
    public void Scan_HeaderSplitAcrossEveryByte_SameBoundaries()
    {
        var frame = TestFrames.Build(WebSocketOpcode.Binary, new byte[70_000]);
        var scanner = new WebSocketFrameScanner(WebSocketFrameDirection.ServerToClient);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(1, scanner.Scan(frame.AsSpan(i, 1), stopAtMessageBoundary: true));
            Assert.False(scanner.AtMessageBoundary);
        }

        Assert.Equal(frame.Length - 10, scanner.Scan(frame.AsSpan(10), stopAtMessageBoundary: true));
        Assert.True(scanner.AtMessageBoundary);
    }

    [Fact]
    public void Scan_MaskedServerFrame_BrokenAndSwallowsRest()
    {
        var scanner = new WebSocketFrameScanner(WebSocketFrameDirection.ServerToClient);
        var data = TestFrames.Concat(TestFrames.ClientText("x"), TestFrames.ServerText("y"));

        Assert.Equal(data.Length, scanner.Scan(data, stopAtMessageBoundary: true));
        Assert.True(scanner.Messages.Broken);
        Assert.False(scanner.AtMessageBoundary);
    }
}
