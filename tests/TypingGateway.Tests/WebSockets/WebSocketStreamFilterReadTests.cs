using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>Guest → upstream: what the proxy reads from the filter.</summary>
public sealed class WebSocketStreamFilterReadTests
{
    private static readonly byte[] _typing = TestFrames.ClientText(TestFrames.TypingMarker, mask: 0x11223344);
    private static readonly byte[] _hello = TestFrames.ClientText("hello", mask: 0x55667788);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 4096)]
    [InlineData(3, 2)]
    [InlineData(4096, 1)]
    [InlineData(4096, 4096)]
    public async Task ReadAsync_TypingFramesDropped_OtherFramesExactBytes(int chunk, int bufferSize)
    {
        var inspector = new RecordingInspector();
        var filter = Filter(TestFrames.Concat(_typing, _hello, _typing), inspector, chunk);

        var output = await filter.ReadToEndAsync(bufferSize);

        Assert.Equal(_hello, output);
        Assert.Equal([TestFrames.TypingMarker, "hello", TestFrames.TypingMarker], inspector.Seen);
        Assert.Equal(3, filter.FramesInspected);
        Assert.Equal(2, filter.FramesDropped);
    }

    [Fact]
    public async Task ReadAsync_ManySmallFramesInOnePacket_OneRead()
    {
        var binary = TestFrames.Build(WebSocketOpcode.Binary, [1, 2, 3], mask: 1);
        var input = TestFrames.Concat(binary, binary, binary, binary);
        var filter = Filter(input, new RecordingInspector());
        var buffer = new byte[100];

        var read = await filter.ReadAsync(buffer);

        Assert.Equal(input, buffer[..read]);
    }

    [Fact]
    public async Task ReadAsync_CandidateAfterPassThroughFrames_ReadStopsBeforeItThenDecides()
    {
        var binary = TestFrames.Build(WebSocketOpcode.Binary, [1, 2, 3], mask: 1);
        var inspector = new RecordingInspector();
        var filter = Filter(TestFrames.Concat(binary, _typing, binary), inspector);
        var buffer = new byte[100];

        var first = await filter.ReadAsync(buffer);
        Assert.Empty(inspector.Seen);
        var second = await filter.ReadAsync(buffer.AsMemory(first));

        Assert.Equal(binary, buffer[..first]);
        Assert.Equal(binary, buffer[first..(first + second)]);
        Assert.Equal([TestFrames.TypingMarker], inspector.Seen);
    }

    [Fact]
    public async Task ReadAsync_ForwardVerdict_OriginalMaskedBytes()
    {
        var input = TestFrames.Concat(_hello, TestFrames.ClientText("""{"type":"message","text":"hi"}""", mask: 0xCAFEBABE));
        var filter = Filter(input, new RecordingInspector(_ => false));

        Assert.Equal(input, await filter.ReadToEndAsync(7));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task ReadAsync_NonCandidates_PassedThroughUninspected(int chunk)
    {
        var marker = Encoding.UTF8.GetBytes(TestFrames.TypingMarker);
        var input = TestFrames.Concat(
            TestFrames.Build(WebSocketOpcode.Binary, marker, mask: 1),
            TestFrames.Build(WebSocketOpcode.Text, marker, fin: false, mask: 2),
            TestFrames.Build(WebSocketOpcode.Ping, marker, mask: 3),
            TestFrames.Build(WebSocketOpcode.Continuation, marker, fin: false, mask: 4),
            TestFrames.Build(WebSocketOpcode.Pong, [], mask: 5),
            TestFrames.Build(WebSocketOpcode.Continuation, marker, mask: 6),
            TestFrames.Build(WebSocketOpcode.Text, marker, mask: 7, rsv: 4),
            TestFrames.Build(WebSocketOpcode.Text, new byte[70_000], mask: 8),
            TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8], mask: 9));
        var inspector = new RecordingInspector(_ => true);
        var filter = Filter(input, inspector, chunk, inspectionLimit: 16);

        Assert.Equal(input, await filter.ReadToEndAsync(1000));
        Assert.Empty(inspector.Seen);
    }

    [Theory]
    [InlineData(17, true)]
    [InlineData(16, false)]
    public async Task ReadAsync_InspectionLimit_InclusiveOfPayloadLength(int limit, bool inspected)
    {
        var inspector = new RecordingInspector();
        var filter = Filter(_typing, inspector, inspectionLimit: limit);

        var output = await filter.ReadToEndAsync(100);

        Assert.Equal(inspected ? [] : _typing, output);
        Assert.Equal(inspected ? 1 : 0, inspector.Seen.Count);
    }

    [Fact]
    public async Task ReadAsync_EmptyTextFrame_InspectedAsEmptyPayload()
    {
        var empty = TestFrames.ClientText("");
        var inspector = new RecordingInspector(_ => false);

        Assert.Equal(empty, await Filter(empty, inspector).ReadToEndAsync(100));
        Assert.Equal([""], inspector.Seen);
    }

    [Theory]
    [InlineData(new byte[] { 0x83, 0x85, 1, 2, 3, 4, 9 })]
    [InlineData(new byte[] { 0x09, 0x80, 1, 2, 3, 4 })]
    [InlineData(new byte[] { 0x80, 0x81, 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0x81, 0x01, 0x41 })]
    public async Task ReadAsync_UnparseableFrame_RestPassedThroughUninspected(byte[] garbage)
    {
        var inspector = new RecordingInspector();
        var filter = Filter(TestFrames.Concat(_typing, garbage, _typing, _hello), inspector, chunk: 3);

        var output = await filter.ReadToEndAsync(10);

        Assert.Equal(TestFrames.Concat(garbage, _typing, _hello), output);
        Assert.Equal([TestFrames.TypingMarker], inspector.Seen);
        Assert.False(filter.TryInjectToUpstream("{}"u8.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_NewMessageInsideFragmentedMessage_RestPassedThrough()
    {
        var input = TestFrames.Concat(TestFrames.ClientText("part", fin: false), _typing, _hello);
        var inspector = new RecordingInspector();

        Assert.Equal(input, await Filter(input, inspector).ReadToEndAsync(100));
        Assert.Empty(inspector.Seen);
    }

    [Fact]
    public async Task ReadAsync_GuestLeavesInsideCandidate_PartialFramePassedThroughUninspected()
    {
        var input = TestFrames.Concat(_hello, _typing[..9]);
        var inspector = new RecordingInspector();

        Assert.Equal(input, await Filter(input, inspector, chunk: 4).ReadToEndAsync(100));
        Assert.Equal(["hello"], inspector.Seen);
    }

    [Fact]
    public async Task ReadAsync_GuestLeavesInsideHeader_PartialHeaderPassedThrough()
    {
        var input = TestFrames.Concat(_hello, [0x82, 0xFE, 0x01]);

        Assert.Equal(input, await Filter(input, new RecordingInspector()).ReadToEndAsync(100));
    }

    [Fact]
    public async Task ReadAsync_AsynchronousInspector_SameResult()
    {
        var inspector = new RecordingInspector(yieldFirst: true);
        var filter = Filter(TestFrames.Concat(_typing, _hello, _typing, _hello), inspector, chunk: 5);

        Assert.Equal(TestFrames.Concat(_hello, _hello), await filter.ReadToEndAsync(3));
    }

    [Fact]
    public async Task ReadAsync_InspectorThrows_ExceptionReachesReader()
    {
        var inspector = new RecordingInspector { OnInspect = _ => throw new InvalidOperationException("inspector failed") };
        var filter = Filter(_hello, inspector);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => filter.ReadToEndAsync(100));

        Assert.Equal("inspector failed", error.Message);
    }

    [Fact]
    public async Task ReadAsync_ZeroByteRead_ReturnsZeroAndConsumesNothing()
    {
        var filter = Filter(TestFrames.Concat(_typing, _hello), new RecordingInspector());

        Assert.Equal(0, await filter.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(_hello, await filter.ReadToEndAsync(100));
    }

    [Fact]
    public async Task ReadAsync_ZeroByteRead_DropsTypingWithoutCallerBuffer()
    {
        var filter = Filter(TestFrames.Concat(_typing, _typing, _hello), new RecordingInspector());

        Assert.Equal(0, await filter.ReadAsync(Memory<byte>.Empty));

        Assert.Equal(2, filter.FramesDropped);
    }

    [Fact]
    public async Task ReadAsync_BufferEmpty_WaitsWithZeroByteReadOnGuest()
    {
        var inner = new ScriptedStream(_hello);
        var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());

        await filter.ReadToEndAsync(100);

        Assert.True(inner.ZeroByteReads >= 1);
    }

    [Fact]
    public async Task ReadAsync_ByteArrayOverload_SameAsMemory()
    {
        var filter = Filter(TestFrames.Concat(_typing, _hello), new RecordingInspector());
        var buffer = new byte[100];

#pragma warning disable CA1835 // The array overload is what this test exercises.
        var read = await filter.ReadAsync(buffer, 10, 90, CancellationToken.None);
#pragma warning restore CA1835

        Assert.Equal(_hello, buffer.AsSpan(10, read).ToArray());
    }

    [Fact]
    public void Read_Synchronous_NotSupported()
    {
        var filter = Filter(_hello, new RecordingInspector());

        Assert.Throws<NotSupportedException>(() => filter.Read(new byte[10], 0, 10));
        Assert.Throws<NotSupportedException>(() => filter.Write(new byte[10], 0, 10));
        Assert.Throws<NotSupportedException>(filter.Flush);
        Assert.False(filter.CanSeek);
    }

    private static WebSocketStreamFilter Filter(byte[] input, RecordingInspector inspector, int chunk = int.MaxValue, int inspectionLimit = WebSocketFilterDefaults.InspectionLimit) =>
        new(new ScriptedStream(input, _ => chunk), inspector, new WebSocketFilterOptions { InspectionLimit = inspectionLimit });
}
