using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>Upstream → guest: what the filter writes to the guest.</summary>
public sealed class WebSocketStreamFilterWriteTests
{
    private const string Error = """{"type":"response","class":"TooManyRequestsErrorMessage","code":429}""";
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(10);
    private static readonly byte[] _errorFrame = TestFrames.ServerText(Error);
    private static readonly byte[] _message = TestFrames.ServerText("""{"type":"message","text":"agent says hi"}""");

    [Fact]
    public async Task WriteAsync_ServerFrames_ByteIdenticalOneInnerWritePerWrite()
    {
        var input = TestFrames.Concat(
            _message,
            TestFrames.Build(WebSocketOpcode.Binary, new byte[70_000]),
            TestFrames.ServerText("frag", fin: false),
            TestFrames.Build(WebSocketOpcode.Ping, [1]),
            TestFrames.Build(WebSocketOpcode.Continuation, "ment"u8),
            TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8]));
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());

        var writes = 0;
        for (var offset = 0; offset < input.Length; offset += 777, writes++)
        {
            await filter.WriteAsync(input.AsMemory(offset, Math.Min(777, input.Length - offset)));
        }

        Assert.Equal(input, inner.Written.ToArray());
        Assert.Equal(writes, inner.WriteCalls);
    }

    [Fact]
    public async Task TryInjectToGuest_Idle_WrittenAtOnceUnmasked()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        await filter.WriteAsync(_message);

        Assert.True(filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error)));

        Assert.Equal(TestFrames.Concat(_message, _errorFrame), inner.Written.ToArray());
    }

    [Fact]
    public async Task TryInjectToGuest_GuestConnectionIdle_GuestReceivesFrame()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());

        filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error));

        Assert.Equal(_errorFrame, await guest.ReceiveAsync(_errorFrame.Length));
    }

    [Fact]
    public async Task TryInjectToGuest_InsideFrame_WrittenAtFrameEndWithinProxyWrite()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        await filter.WriteAsync(_message.AsMemory(0, 10));

        filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error));
        Assert.Equal(_message[..10], inner.Written.ToArray());
        await filter.WriteAsync(TestFrames.Concat(_message[10..], _message));

        Assert.Equal(TestFrames.Concat(_message, _errorFrame, _message), inner.Written.ToArray());
    }

    [Fact]
    public async Task TryInjectToGuest_InsideHeader_WrittenAfterThatFrame()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        var large = TestFrames.Build(WebSocketOpcode.Binary, new byte[300]);
        await filter.WriteAsync(large.AsMemory(0, 3));

        filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error));
        await filter.WriteAsync(large.AsMemory(3));

        Assert.Equal(TestFrames.Concat(large, _errorFrame), inner.Written.ToArray());
    }

    [Fact]
    public async Task TryInjectToGuest_InsideFragmentedMessage_WrittenAfterFinalFragment()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        var first = TestFrames.ServerText("one ", fin: false);
        var ping = TestFrames.Build(WebSocketOpcode.Ping, []);
        var middle = TestFrames.Build(WebSocketOpcode.Continuation, "two "u8, fin: false);
        var last = TestFrames.Build(WebSocketOpcode.Continuation, "three"u8);
        await filter.WriteAsync(TestFrames.Concat(first, ping));

        filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error));
        await filter.WriteAsync(middle);
        await filter.WriteAsync(TestFrames.Concat(ping, last, _message));

        Assert.Equal(TestFrames.Concat(first, ping, middle, ping, last, _errorFrame, _message), inner.Written.ToArray());
    }

    [Fact]
    public async Task TryInjectToGuest_WhileProxyWriteInFlight_WaitsAndNeverInterleaves()
    {
        var inner = new GatedWriteStream();
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        var proxyWrite = filter.WriteAsync(_message).AsTask();

        Assert.True(filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error)));
        Assert.Equal(1, inner.WritesStarted);
        inner.Open();
        await proxyWrite.WaitAsync(_guard);
        await inner.WhenWrittenAsync(_message.Length + _errorFrame.Length).WaitAsync(_guard);

        Assert.Equal(TestFrames.Concat(_message, _errorFrame), inner.Written.ToArray());
    }

    [Fact]
    public async Task TryInjectToGuest_AfterUpstreamClose_Refused()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        await filter.WriteAsync(TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8]));

        Assert.False(filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error)));
    }

    [Fact]
    public async Task TryInjectToGuest_QueuedBeforeUpstreamClose_WrittenBeforeClose()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        var close = TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8]);
        await filter.WriteAsync(_message.AsMemory(0, 5));

        filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error));
        await filter.WriteAsync(TestFrames.Concat(_message[5..], close));

        Assert.Equal(TestFrames.Concat(_message, _errorFrame, close), inner.Written.ToArray());
    }

    [Fact]
    public async Task WriteAsync_MaskedServerFrame_PassedThroughAndInjectionStops()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());
        var masked = TestFrames.ClientText("not from a server");
        await filter.WriteAsync(_message.AsMemory(0, 4));
        filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error));

        await filter.WriteAsync(TestFrames.Concat(_message[4..], masked, _message));

        // The frame queued before the bad one still goes out at the last boundary that was known.
        Assert.Equal(TestFrames.Concat(_message, _errorFrame, masked, _message), inner.Written.ToArray());
        Assert.False(filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error)));
    }

    [Fact]
    public async Task TryInjectToGuest_InnerWriteFails_LaterInjectionsRefused()
    {
        var inner = new ThrowingWriteStream();
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());

        Assert.True(filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error)));

        Assert.False(filter.TryInjectToGuest(Encoding.UTF8.GetBytes(Error)));
        Assert.Equal(0, filter.FramesInjectedToGuest);
    }

    [Fact]
    public async Task FlushAsync_PassesThrough()
    {
        var inner = new ScriptedStream([]);
        await using var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());

        await filter.FlushAsync();
        await filter.WriteAsync(Memory<byte>.Empty);

        Assert.Equal(1, inner.WriteCalls);
    }

    private sealed class ThrowingWriteStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("connection reset"));

        public override void Flush() => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
