using BenchmarkDotNet.Attributes;
using TypingGateway.Benchmarks.Infrastructure;
using TypingGateway.Typing;
using TypingGateway.WebSockets;

namespace TypingGateway.Benchmarks;

/// <summary>
/// The guest → upstream direction of <see cref="WebSocketStreamFilter"/>, read the way YARP's StreamCopier
/// reads the guest's stream: a zero-byte read, then a read into a 64 KiB buffer. Every figure is per guest
/// frame (<see cref="FramesPerInvoke"/> frames per invocation). The filters sit on a Genesys Web Messaging
/// typing route (<see cref="TypingRoute"/>: production inspector, real collapser, in-memory state store),
/// except where a benchmark says otherwise. Frames are masked client frames with default filter options
/// (every text frame up to 16,370 bytes is a candidate for the inspector).
/// </summary>
[MemoryDiagnoser]
public class GuestReadBenchmarks
{
    /// <summary>Frames per benchmark invocation: the reported ns and bytes are divided by it.</summary>
    public const int FramesPerInvoke = 1_000;

    // YARP's StreamCopier buffer (DefaultBufferSize).
    private readonly byte[] _proxyBuffer = new byte[64 * 1024];

    // Marks the end of a batch of dropped frames: an 8-byte binary frame, passed through uninspected.
    private readonly byte[] _endMarker = WireFrames.Client(WebSocketOpcode.Binary, "ok"u8);

    private readonly byte[] _binaryFrame = WireFrames.Client(WebSocketOpcode.Binary, WirePayloads.Binary);

    // The proxy's token can be cancelled (YARP links it to the activity timeout), which matters where the filter waits.
    private CancellationTokenSource _proxyCancellation = null!;
    private TypingRoute _binary = null!;
    private TypingRoute _genesysText = null!;
    private TypingRoute _genesysTyping = null!;
    private TypingRoute _binaryAfterIdle = null!;
    private WebSocketStreamFilter _forwardingFilter = null!;
    private IdleGuestStream _idleGuest = null!;
    private int _binaryBatch;
    private int _textBatch;

    [GlobalSetup]
    public void Setup()
    {
        _proxyCancellation = new CancellationTokenSource();
        var genesysQuery = "?deploymentId=" + WirePayloads.GenesysDeploymentId + "&application=web";
        var binary = WireFrames.ClientRun(WebSocketOpcode.Binary, WirePayloads.Binary, FramesPerInvoke);
        var text = WireFrames.ClientRun(WebSocketOpcode.Text, WirePayloads.GenesysText, FramesPerInvoke);
        var typing = WireFrames.ClientRun(WebSocketOpcode.Text, WirePayloads.GenesysTyping, FramesPerInvoke);
        _binaryBatch = binary.Length;
        _textBatch = text.Length;

        _binary = new TypingRoute(new LoopingGuestStream(binary), TypingProfiles.GenesysWebMessaging, genesysQuery);
        _genesysText = new TypingRoute(new LoopingGuestStream(text), TypingProfiles.GenesysWebMessaging, genesysQuery);
        _genesysTyping = new TypingRoute(new LoopingGuestStream([.. typing, .. _endMarker]), TypingProfiles.GenesysWebMessaging, genesysQuery);
        _forwardingFilter = new WebSocketStreamFilter(new LoopingGuestStream(text), new ForwardingInspector(), new WebSocketFilterOptions());
        _idleGuest = new IdleGuestStream();
        _binaryAfterIdle = new TypingRoute(_idleGuest, TypingProfiles.GenesysWebMessaging, genesysQuery);

        // The guest's burst has begun: its first start went upstream, so every start measured is within 5 s of it.
        var first = _genesysTyping.Collapser.ShouldForwardAsync(WirePayloads.GenesysTyping, CancellationToken.None);
        if (!first.IsCompletedSuccessfully || !first.Result)
        {
            throw new InvalidOperationException("The burst's first typing start should be forwarded at once.");
        }

        // Each benchmark checks its own outcome (bytes out, frames inspected and dropped) once before it is measured.
        Check(BinaryPassThrough(), _binary.Filter, inspected: 0, dropped: 0);
        Check(TextInspectedForwardedNoOpInspector(), _forwardingFilter, inspected: FramesPerInvoke, dropped: 0);
        Check(GenesysTextInspectedForwarded(), _genesysText.Filter, inspected: FramesPerInvoke, dropped: 0);
        Check(GenesysTypingSuppressed(), _genesysTyping.Filter, inspected: FramesPerInvoke, dropped: FramesPerInvoke);
        Check(BinaryPassThroughAfterIdle(), _binaryAfterIdle.Filter, inspected: 0, dropped: 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _binary.Dispose();
        _genesysText.Dispose();
        _genesysTyping.Dispose();
        _binaryAfterIdle.Dispose();
        _forwardingFilter.Dispose();
        _proxyCancellation.Dispose();
    }

    /// <summary>
    /// (a) 200-byte binary frames, back to back: pure pass-through. The header is parsed, the bytes are copied
    /// out as received; the inspector is never called.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int BinaryPassThrough() => ReadBatch(_binary.Filter, _binaryBatch);

    /// <summary>
    /// 200-byte text frames shown to an inspector that forwards everything at once: what the filter itself costs
    /// to buffer a candidate, unmask a pooled copy and forward the original bytes, without any recogniser.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int TextInspectedForwardedNoOpInspector() => ReadBatch(_forwardingFilter, _textBatch);

    /// <summary>
    /// (b) 200-byte Genesys guest text messages (onMessage Text), not typing: inspected by the production
    /// inspector (recogniser, collapser: a message resets the burst in the store) and forwarded.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int GenesysTextInspectedForwarded() => ReadBatch(_genesysText.Filter, _textBatch);

    /// <summary>
    /// (c) Genesys guest typing frames (onMessage Event Typing On) within one burst: the production inspector
    /// with the real collapser and in-memory state store suppresses each one (the burst's first start was
    /// forwarded in setup, time is frozen). Each batch ends with an 8-byte binary frame, the only bytes the
    /// proxy receives; it is negligible next to the 1,000 typing frames.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int GenesysTypingSuppressed() => ReadBatch(_genesysTyping.Filter, _endMarker.Length);

    /// <summary>
    /// (a) again, as chat traffic arrives: one 200-byte binary frame at a time, each after the guest was silent.
    /// The proxy's zero-byte read finds nothing, the filter waits on the guest's connection, the frame arrives
    /// and completes that wait (on this thread), then the proxy reads the frame. This is the path every frame of
    /// a typing guest takes; <see cref="BinaryPassThrough"/> is the path of frames that arrive together.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public int BinaryPassThroughAfterIdle()
    {
        var filter = _binaryAfterIdle.Filter;
        var total = 0;
        for (var i = 0; i < FramesPerInvoke; i++)
        {
            var waiting = filter.ReadAsync(Memory<byte>.Empty, _proxyCancellation.Token);
            if (waiting.IsCompleted)
            {
                throw new InvalidOperationException("The zero-byte read should wait for the guest.");
            }

            _idleGuest.Deliver(_binaryFrame);
            if (!waiting.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The arriving frame should complete the zero-byte read on this thread.");
            }

            _ = waiting.Result;
            total += Read(filter, _proxyBuffer);
        }

        return total;
    }

    private static void Check(int bytesOut, WebSocketStreamFilter filter, long inspected, long dropped)
    {
        if (bytesOut <= 0 || filter.FramesInspected != inspected || filter.FramesDropped != dropped)
        {
            throw new InvalidOperationException(
                $"Expected {inspected} frames inspected and {dropped} dropped, got {filter.FramesInspected} and {filter.FramesDropped} ({bytesOut} bytes out).");
        }
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes, never more, so each invocation ends on the same frame boundary.</summary>
    private int ReadBatch(WebSocketStreamFilter filter, int length)
    {
        var remaining = length;
        while (remaining > 0)
        {
            Completed(filter.ReadAsync(Memory<byte>.Empty, _proxyCancellation.Token));
            var read = Read(filter, _proxyBuffer.AsMemory(0, Math.Min(_proxyBuffer.Length, remaining)));
            if (read == 0)
            {
                throw new InvalidOperationException("The filter ended the guest's stream.");
            }

            remaining -= read;
        }

        return length;
    }

    private int Read(WebSocketStreamFilter filter, Memory<byte> buffer) => Completed(filter.ReadAsync(buffer, _proxyCancellation.Token));

    /// <summary>The guest's bytes are all there: every read completes at once, or the benchmark would measure waiting.</summary>
    private static int Completed(ValueTask<int> read) =>
        read.IsCompletedSuccessfully ? read.Result : throw new InvalidOperationException("A read of buffered guest bytes should complete at once.");
}
