using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The pass-through path must not allocate per frame. Inner streams here complete synchronously, so every
/// ReadAsync/WriteAsync completes synchronously too and the whole loop runs on this thread, where
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees every managed allocation it makes.
/// </summary>
public sealed class WebSocketStreamFilterAllocationTests
{
    private const int Rounds = 2_500;

    // Four non-candidate shapes per round: 10,000 frames (12,500 with the fragment's continuation).
    private const int FramesPerRound = 5;

    // One allocation per frame would be at least 24 bytes (the smallest object) × 12,500 frames = 300 KB.
    // The bound tolerates a few one-off runtime allocations that do not scale with frames; everything the
    // filter needs (read buffer, state machines run synchronously, locks) is in place after the warm-up.
    private const long AllocationBound = 1024;

    // Inspected frames per measurement (8,000-byte payloads: 8 MB of input).
    private const int InspectedFrames = 1_000;

    [Fact]
    public void ReadAsync_ForwardingNonCandidateFrames_NoAllocationPerFrame()
    {
        var input = Repeat(Round(masked: true));
        var buffer = new byte[4096];
        ReadAll(NewReader(input), buffer);
        var allocated = LeastOfThree(() =>
        {
            var filter = NewReader(input);
            Read(filter, buffer);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var total = ReadAll(filter, buffer);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(total > 0 && filter.FramesInspected == 0);
            return allocated;
        });

        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated while forwarding {Rounds * FramesPerRound} frames");
    }

    [Fact]
    public void ReadAsync_ForwardingInspectedTextFrames_NoAllocationGrowingWithPayload()
    {
        // Candidates under the default inspection limit are each buffered whole, unmasked into a pooled copy, shown
        // to the inspector and forwarded as received: nothing on that path may copy a payload (or decode it to text)
        // onto the heap. So 200-byte and 8,000-byte candidates must allocate exactly the same. Not necessarily zero:
        // in a Debug build the compiler makes the filter's async methods' state machines classes, one allocation per
        // call even when the call completes synchronously (200 bytes per frame today). Optimized they stay on the
        // stack; that zero is measured in Release by GuestReadBenchmarks.TextInspectedForwardedNoOpInspector and
        // checked by the bench's micro scenario.
        // The least of three runs each: a one-off allocation of the runtime's during a run (seen in CI: 4.6 KB once, and
        // 200 B less once, a call's state machine hoisted by tiered compilation) does not scale with the payload, while
        // a payload copy would add at least 7,800 B per frame, 7.8 MB per run. The bound tolerates the one-offs only.
        var small = LeastOfThree(() => AllocatedInspecting(payloadLength: 200));
        var large = LeastOfThree(() => AllocatedInspecting(payloadLength: 8_000));

        Assert.True(
            Math.Abs(large - small) < AllocationBound,
            $"{small} bytes allocated for {InspectedFrames} frames of 200 bytes, {large} for {InspectedFrames} of 8,000 bytes");
    }

    [Fact]
    public void ReadAsync_SizeLimitForwardingAndDiscarding_NoAllocationPerFrame()
    {
        // 150 bytes: per round the 200-byte text is discarded, the other frames go through.
        var input = Repeat(Round(masked: true));
        var buffer = new byte[4096];
        ReadAll(NewReader(input, new RecordingMessageSizeLimit(150)), buffer);
        var allocated = LeastOfThree(() =>
        {
            var limit = new RecordingMessageSizeLimit(150);
            var filter = NewReader(input, limit);
            Read(filter, buffer);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var total = ReadAll(filter, buffer);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(total > 0 && filter.FramesInspected == 0);
            Assert.Equal((Rounds, Rounds), (limit.Rejected, filter.FramesDropped));
            return allocated;
        });

        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated while forwarding or discarding {Rounds * FramesPerRound} frames");
    }

    [Fact]
    public void WriteAsync_PassingServerFramesThrough_NoAllocationPerFrame() => AssertWritesAllocateNothing(rejections: false);

    [Fact]
    public void WriteAsync_PassingServerFramesThroughThePlatformRejectionDetector_NoAllocationPerFrame() => AssertWritesAllocateNothing(rejections: true);

    private static void AssertWritesAllocateNothing(bool rejections)
    {
        var input = Repeat(Round(masked: false));
        WriteAll(NewWriter(input.Length, out _, rejections), input);

        // The least of up to three runs: a one-off allocation of the runtime's during one run (seen once: 6 KB in a full
        // suite run) is not per frame, while per-frame allocation shows in every run (12,500 frames: at least 12 KB).
        var allocated = long.MaxValue;
        for (var attempt = 0; attempt < 3 && allocated >= AllocationBound; attempt++)
        {
            var filter = NewWriter(input.Length, out var inner, rejections);
            var before = GC.GetAllocatedBytesForCurrentThread();
            WriteAll(filter, input);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(input.Length, inner.Written.Length);
        }

        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated while writing {Rounds * FramesPerRound} frames");
    }

    /// <summary>
    /// The least of three runs: a one-off allocation of the runtime's during a run (seen in full suite runs: 4.6 KB,
    /// 6 KB, 7 KB) is not per frame, while per-frame allocation shows in every run (12,500 frames: at least 300 KB).
    /// </summary>
    private static long LeastOfThree(Func<long> measure) => Math.Min(measure(), Math.Min(measure(), measure()));

    /// <summary>Bytes allocated while inspecting and forwarding <see cref="InspectedFrames"/> text frames of <paramref name="payloadLength"/> bytes.</summary>
    private static long AllocatedInspecting(int payloadLength)
    {
        var round = TestFrames.Concat(
            TestFrames.ClientText(new string('m', payloadLength), mask: 0x0A0B0C0D),
            TestFrames.ClientText(new string('n', payloadLength), mask: 0x1A2B3C4D),
            TestFrames.ClientText(new string('o', payloadLength), mask: 0x2A3B4C5D),
            TestFrames.ClientText(new string('p', payloadLength), mask: 0x3A4B5C6D));
        byte[] input = [.. Enumerable.Repeat(round, InspectedFrames / 4).SelectMany(r => r)];
        var buffer = new byte[4096];
        ReadAll(NewInspectingReader(input), buffer);
        var filter = NewInspectingReader(input);
        var first = Read(filter, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var rest = ReadAll(filter, buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(input.Length, first + rest);
        Assert.Equal(InspectedFrames, filter.FramesInspected);
        Assert.Equal(0, filter.FramesDropped);
        return allocated;
    }

    private static byte[] Round(bool masked)
    {
        uint? mask = masked ? 0x0A0B0C0D : null;
        return TestFrames.Concat(
            TestFrames.Build(WebSocketOpcode.Binary, new byte[100], mask: mask),
            TestFrames.Build(WebSocketOpcode.Text, new byte[200], mask: mask),
            TestFrames.Build(WebSocketOpcode.Text, "fragment "u8, fin: false, mask: mask),
            TestFrames.Build(WebSocketOpcode.Ping, [], mask: mask),
            TestFrames.Build(WebSocketOpcode.Continuation, "end"u8, mask: mask));
    }

    private static byte[] Repeat(byte[] round) => [.. Enumerable.Repeat(round, Rounds).SelectMany(r => r)];

    private static WebSocketStreamFilter NewReader(byte[] input, IGuestMessageSizeLimit? sizeLimit = null) =>
        new(
            new ScriptedStream(input, _ => 1500),
            new RecordingInspector(),

            // Discards without end here: the per-connection discard bound has its own tests.
            new WebSocketFilterOptions { InspectionLimit = 128, OversizeDiscardPerWindow = int.MaxValue },
            sizeLimit: sizeLimit);

    private static WebSocketStreamFilter NewInspectingReader(byte[] input) =>
        new(new ScriptedStream(input, _ => 1500), new ForwardingInspector(), new WebSocketFilterOptions());

    private static WebSocketStreamFilter NewWriter(int capacity, out ScriptedStream inner, bool rejections = false)
    {
        inner = new ScriptedStream([]);
        inner.Written.Capacity = capacity;
        var detector = rejections ? new PlatformRejectionDetector(new TypingGateway.Protocols.Genesys.GenesysWebMessagingPlatform().RejectionMarker, () => { }) : null;
        return new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions(), rejections: detector);
    }

    /// <summary>Like YARP's copy loop: a zero-byte read, then a real one.</summary>
    private static long ReadAll(WebSocketStreamFilter filter, byte[] buffer)
    {
        long total = 0;
        int read;
        while ((read = Read(filter, buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static int Read(WebSocketStreamFilter filter, byte[] buffer)
    {
        Completed(filter.ReadAsync(Memory<byte>.Empty));
        return Completed(filter.ReadAsync(buffer));
    }

    private static void WriteAll(WebSocketStreamFilter filter, byte[] input)
    {
        for (var offset = 0; offset < input.Length; offset += 1000)
        {
            var write = filter.WriteAsync(input.AsMemory(offset, Math.Min(1000, input.Length - offset)));
            Assert.True(write.IsCompletedSuccessfully);
        }
    }

    private static int Completed(ValueTask<int> pending)
    {
        Assert.True(pending.IsCompletedSuccessfully, "the inner stream completes synchronously, so must the filter");
        return pending.IsCompletedSuccessfully ? pending.Result : -1;
    }

    /// <summary>Forwards every candidate without allocating (RecordingInspector keeps each payload as a string).</summary>
    private sealed class ForwardingInspector : IGuestFrameInspector
    {
        public ValueTask<FrameVerdict> InspectAsync(ReadOnlyMemory<byte> utf8Payload, CancellationToken cancellationToken) =>
            new(FrameVerdict.Forward);
    }
}
