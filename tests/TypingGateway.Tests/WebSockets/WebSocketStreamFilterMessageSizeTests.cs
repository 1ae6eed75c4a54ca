using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>Guest → upstream: data messages over the route's size limit (route metadata MaxMessageBytes).</summary>
public sealed class WebSocketStreamFilterMessageSizeTests
{
    private const int Limit = 1000;

    private static readonly byte[] _hello = TestFrames.ClientText("hello", mask: 0x55667788);
    private static readonly byte[] _after = TestFrames.ClientText("""{"type":"message","text":"after"}""", mask: 0x0BADF00D);
    private static readonly byte[] _ping = TestFrames.Build(WebSocketOpcode.Ping, "ping"u8, mask: 0x01020304);
    private static readonly byte[] _pong = TestFrames.Build(WebSocketOpcode.Pong, [], mask: 0x05060708);

    /// <summary>The payload of the close frame the gateway sends upstream: 1009 and its reason.</summary>
    private static readonly byte[] _tooBigClose = [0x03, 0xF1, .. "message too big"u8];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(1500, 4096)]
    [InlineData(4096, 100)]
    [InlineData(int.MaxValue, 100_000)]
    public async Task ReadAsync_OversizedSingleFrame_DiscardedWholeNextFramesExactBytes(int chunk, int bufferSize)
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        // Within the discard bound of one message (4 × the limit, docs/decisions/0008).
        var oversized = TestFrames.Build(WebSocketOpcode.Text, Payload(3_500), mask: 0xA1B2C3D4);
        var filter = Filter(TestFrames.Concat(_hello, oversized, _after), limit, chunk);

        var output = await filter.ReadToEndAsync(bufferSize);

        Assert.Equal(TestFrames.Concat(_hello, _after), output);
        Assert.Equal((1, 0), (limit.Rejected, limit.Closed));
        Assert.Equal(1, filter.FramesDropped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task ReadAsync_RandomMessagesRandomSplits_OversizedDiscardedRestByteIdentical(int seed)
    {
        var random = new Random(seed);
        var input = new List<byte>();
        var expected = new List<byte>();
        var rejected = 0;
        var dropped = 0;
        for (var i = 0; i < 40; i++)
        {
            var opcode = random.Next(2) == 0 ? WebSocketOpcode.Text : WebSocketOpcode.Binary;
            var fragments = random.Next(1, 4);
            var over = random.Next(3) == 0;

            // Over: the first frame alone announces more than the limit. Within: all frames together at most the limit.
            var sizes = Enumerable.Range(0, fragments).Select(_ => random.Next(0, (Limit / fragments) + 1)).ToArray();
            if (over)
            {
                sizes[0] = random.Next(Limit + 1, Limit * 40);
                rejected++;
                dropped += fragments;
            }

            for (var f = 0; f < fragments; f++)
            {
                var frame = TestFrames.Build(f == 0 ? opcode : WebSocketOpcode.Continuation, Payload(sizes[f]), fin: f == fragments - 1, mask: (uint)random.Next());
                input.AddRange(frame);
                if (!over)
                {
                    expected.AddRange(frame);
                }

                if (random.Next(4) == 0)
                {
                    // Control frames, even between fragments of a discarded message, always go through.
                    var control = random.Next(2) == 0 ? _ping : _pong;
                    input.AddRange(control);
                    expected.AddRange(control);
                }
            }
        }

        var limit = new RecordingMessageSizeLimit(Limit);
        var inner = new ScriptedStream([.. input], _ => random.Next(1, 3000), () => random.Next(3) == 0);

        // Messages up to 40 times the limit, many of them: discarding itself is under test, not its bounds.
        var options = new WebSocketFilterOptions { OversizeDiscardPerMessage = 64, OversizeDiscardPerWindow = int.MaxValue };
        var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), options, sizeLimit: limit);

        var output = await filter.ReadToEndAsync(random.Next(1, 5000));

        Assert.Equal(expected, output);
        Assert.Equal((rejected, 0), (limit.Rejected, limit.Closed));
        Assert.Equal(dropped, filter.FramesDropped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_OversizedFirstFragment_WholeMessageDiscardedControlFramesPass(bool binary)
    {
        var opcode = binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text;
        var limit = new RecordingMessageSizeLimit(Limit);
        var input = TestFrames.Concat(
            TestFrames.Build(opcode, Payload(Limit + 1), fin: false, mask: 1),
            _ping,
            TestFrames.Build(WebSocketOpcode.Continuation, Payload(10), fin: false, mask: 2),
            _pong,
            TestFrames.Build(WebSocketOpcode.Continuation, Payload(10), mask: 3),
            _after);
        var filter = Filter(input, limit, chunk: 100);

        var output = await filter.ReadToEndAsync(64);

        Assert.Equal(TestFrames.Concat(_ping, _pong, _after), output);
        Assert.Equal((1, 0), (limit.Rejected, limit.Closed));
        Assert.Equal(3, filter.FramesDropped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_RunningTotalOverLimit_ForwardedPartThenClose1009AndEnd(bool binary)
    {
        var opcode = binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text;
        var limit = new RecordingMessageSizeLimit(Limit);
        var first = TestFrames.Build(opcode, Payload(600), fin: false, mask: 1);
        var second = TestFrames.Build(WebSocketOpcode.Continuation, Payload(400), fin: false, mask: 2);
        var input = TestFrames.Concat(first, _ping, second, TestFrames.Build(WebSocketOpcode.Continuation, Payload(1), mask: 3), _after);
        var filter = Filter(input, limit, chunk: 333);

        var output = TestFrames.Decode(await filter.ReadToEndAsync(500));

        Assert.Equal([first, _ping, second], output.Take(3).Select(f => f.Raw));
        var close = output[3];
        Assert.Equal((WebSocketOpcode.Close, true, true), (close.Opcode, close.Fin, close.Masked));
        Assert.Equal(_tooBigClose, close.Payload);
        Assert.Equal(4, output.Count);
        Assert.Equal((0, 1), (limit.Rejected, limit.Closed));
        Assert.Equal(1, filter.FramesDropped);
        Assert.False(filter.TryInjectToUpstream("{}"u8.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_OversizedWithoutAnswerForTheGuest_Close1009InsteadOfTheMessage()
    {
        var limit = new RecordingMessageSizeLimit(Limit, discard: false);
        var filter = Filter(TestFrames.Concat(_hello, TestFrames.Build(WebSocketOpcode.Binary, Payload(1500), mask: 9), _after), limit, chunk: 1024);

        var output = TestFrames.Decode(await filter.ReadToEndAsync(4096));

        Assert.Equal(_hello, output[0].Raw);
        Assert.Equal(WebSocketOpcode.Close, output[1].Opcode);
        Assert.Equal(_tooBigClose, output[1].Payload);
        Assert.Equal(2, output.Count);
        Assert.Equal((1, 1), (limit.Rejected, limit.Closed));
    }

    [Fact]
    public async Task ReadAsync_MessagesExactlyAtLimit_PassByteForByte()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var input = TestFrames.Concat(
            TestFrames.Build(WebSocketOpcode.Text, Payload(Limit), mask: 1),
            TestFrames.Build(WebSocketOpcode.Binary, Payload(Limit), mask: 2),
            TestFrames.Build(WebSocketOpcode.Text, Payload(400), fin: false, mask: 3),
            _ping,
            TestFrames.Build(WebSocketOpcode.Continuation, Payload(0), fin: false, mask: 4),
            TestFrames.Build(WebSocketOpcode.Continuation, Payload(600), mask: 5));
        var filter = Filter(input, limit, chunk: 77);

        Assert.Equal(input, await filter.ReadToEndAsync(123));
        Assert.Equal((0, 0, 0L), (limit.Rejected, limit.Closed, filter.FramesDropped));
    }

    [Fact]
    public async Task ReadAsync_ControlFrames_NeverLimited()
    {
        var limit = new RecordingMessageSizeLimit(1);
        var input = TestFrames.Concat(
            TestFrames.Build(WebSocketOpcode.Ping, Payload(125), mask: 1),
            TestFrames.Build(WebSocketOpcode.Pong, Payload(100), mask: 2),
            TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8, .. Payload(50)], mask: 3));

        Assert.Equal(input, await Filter(input, limit).ReadToEndAsync(100));
        Assert.Equal((0, 0), (limit.Rejected, limit.Closed));
    }

    [Fact]
    public async Task ReadAsync_SmallTextOverLimit_DiscardedWithoutInspection()
    {
        var limit = new RecordingMessageSizeLimit(4);
        var inspector = new RecordingInspector(_ => false);
        var filter = new WebSocketStreamFilter(new ScriptedStream(TestFrames.Concat(_hello, TestFrames.ClientText("hi"))), inspector, new WebSocketFilterOptions(), sizeLimit: limit);

        Assert.Equal(TestFrames.ClientText("hi"), await filter.ReadToEndAsync(100));
        Assert.Equal(["hi"], inspector.Seen);
        Assert.Equal(1, limit.Rejected);
    }

    [Fact]
    public async Task ReadAsync_GuestLeavesInsideDiscardedFrame_NothingOfItForwarded()
    {
        var oversized = TestFrames.Build(WebSocketOpcode.Text, Payload(3_500), mask: 7);
        var filter = Filter(TestFrames.Concat(_hello, oversized[..2000]), new RecordingMessageSizeLimit(Limit), chunk: 999);

        Assert.Equal(_hello, await filter.ReadToEndAsync(4096));
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReadsWhileDiscarding_ConsumeNothingOfTheNextFrame()
    {
        var oversized = TestFrames.Build(WebSocketOpcode.Binary, Payload(3_500), mask: 7);
        var filter = Filter(TestFrames.Concat(oversized, _after), new RecordingMessageSizeLimit(Limit), chunk: 4096);

        Assert.Equal(0, await filter.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(0, await filter.ReadAsync(Memory<byte>.Empty));

        Assert.Equal(_after, await filter.ReadToEndAsync(100));
    }

    [Fact]
    public async Task ReadAsync_InjectionQueuedWhileDiscarding_SentBeforeTheNextMessageNotLost()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var input = TestFrames.Concat(
            _hello,
            TestFrames.Build(WebSocketOpcode.Text, Payload(Limit + 1), fin: false, mask: 1),
            _ping,
            TestFrames.Build(WebSocketOpcode.Continuation, Payload(10), mask: 2),
            _after);
        var filter = Filter(input, limit, chunk: 50);
        limit.OnRejected = () => Assert.True(filter.TryInjectToUpstream("""{"gw":1}"""u8.ToArray()));

        var frames = TestFrames.Decode(await filter.ReadToEndAsync(10));

        Assert.Equal(["hello", "ping", """{"gw":1}""", """{"type":"message","text":"after"}"""], frames.Select(f => f.Text));
        Assert.Equal(1, filter.FramesInjectedToUpstream);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_LimitNotPositive_Throws(long max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions(), sizeLimit: new RecordingMessageSizeLimit(max)));
    }

    private static byte[] Payload(int length) => Encoding.ASCII.GetBytes(new string('x', length));

    private static WebSocketStreamFilter Filter(byte[] input, RecordingMessageSizeLimit limit, int chunk = int.MaxValue) =>
        new(new ScriptedStream(input, _ => chunk), new RecordingInspector(_ => false), new WebSocketFilterOptions(), sizeLimit: limit);
}
