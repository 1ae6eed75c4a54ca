using System.Text;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>Gateway frames toward the upstream: masked, whole, only between messages, and delivered while the guest is silent.</summary>
public sealed class WebSocketStreamFilterUpstreamInjectionTests
{
    private const string Stop = """{"type":"typing","on":false}""";
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(10);
    private static readonly byte[] _hello = TestFrames.ClientText("hello", mask: 0x55667788);

    [Fact]
    public async Task TryInjectToUpstream_GuestSilent_PendingReadWakesWithMaskedFrame()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var buffer = new byte[256];
        var read = filter.ReadAsync(buffer).AsTask();
        Assert.False(read.IsCompleted);

        Assert.True(filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)));
        var count = await read.WaitAsync(_guard);

        var frame = Assert.Single(TestFrames.Decode(buffer.AsSpan(0, count)));
        Assert.True(frame is { Fin: true, Opcode: WebSocketOpcode.Text, Masked: true });
        Assert.Equal(Stop, frame.Text);
        Assert.Equal(1, filter.FramesInjectedToUpstream);
    }

    [Fact]
    public async Task ReadAsync_AfterWakeByInjection_GuestBytesArriveThroughKeptInnerRead()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(_ => false), new WebSocketFilterOptions());
        var buffer = new byte[256];
        var first = filter.ReadAsync(buffer).AsTask();
        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
        await first.WaitAsync(_guard);

        var second = filter.ReadAsync(buffer).AsTask();
        Assert.False(second.IsCompleted);
        await guest.SendAsync(_hello);
        var count = await second.WaitAsync(_guard);

        Assert.Equal(_hello, buffer[..count]);
    }

    [Fact]
    public async Task TryInjectToUpstream_InsideFragmentedMessage_SentAfterFinalFragment()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var start = TestFrames.ClientText("part one ", fin: false);
        var ping = TestFrames.Build(WebSocketOpcode.Ping, [1, 2], mask: 3);
        var end = TestFrames.Build(WebSocketOpcode.Continuation, "part two"u8, mask: 4);
        await guest.SendAsync(start, ping);
        Assert.Equal(TestFrames.Concat(start, ping), await ReadExactlyAsync(filter, start.Length + ping.Length));

        Assert.True(filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)));
        var buffer = new byte[256];
        var pending = filter.ReadAsync(buffer).AsTask();
        Assert.False(pending.IsCompleted);
        await guest.SendAsync(end);
        var first = await pending.WaitAsync(_guard);
        var output = TestFrames.Concat(buffer[..first], await ReadExactlyAsync(filter, end.Length + 2 + 4 + Stop.Length - first));

        Assert.Equal(end, output[..end.Length]);
        Assert.Equal(Stop, Assert.Single(TestFrames.Decode(output.AsSpan(end.Length))).Text);
    }

    [Fact]
    public async Task TryInjectToUpstream_InsideFrame_SentAtFrameEnd()
    {
        var binary = TestFrames.Build(WebSocketOpcode.Binary, new byte[40], mask: 9);
        await using var filter = new WebSocketStreamFilter(new ScriptedStream(TestFrames.Concat(binary, _hello)), new RecordingInspector(_ => false), new WebSocketFilterOptions());
        var head = new byte[10];
        Assert.Equal(10, await filter.ReadAsync(head));

        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
        var output = TestFrames.Concat(head, await filter.ReadToEndAsync(1000));

        var frames = TestFrames.Decode(output);
        Assert.Equal([binary, null, _hello], frames.Select(f => f.Opcode == WebSocketOpcode.Text && f.Text == Stop ? null : f.Raw));
        Assert.Equal(Stop, frames[1].Text);
    }

    [Fact]
    public async Task TryInjectToUpstream_BeforeGuestFrames_SentFirst()
    {
        await using var filter = new WebSocketStreamFilter(new ScriptedStream(_hello), new RecordingInspector(_ => false), new WebSocketFilterOptions());

        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
        filter.TryInjectToUpstream("second"u8.ToArray());
        var frames = TestFrames.Decode(await filter.ReadToEndAsync(3));

        Assert.Equal([Stop, "second", "hello"], frames.Select(f => f.Text));
        Assert.Equal(2, filter.FramesInjectedToUpstream);
    }

    [Fact]
    public async Task TryInjectToUpstream_TwoFrames_FreshMaskKeys()
    {
        await using var filter = new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions());

        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
        var frames = TestFrames.Decode(await filter.ReadToEndAsync(200));

        Assert.Equal([Stop, Stop], frames.Select(f => f.Text));
        Assert.All(frames, f => Assert.True(f.Masked));
        Assert.NotEqual(frames[0].Raw[2..6], frames[1].Raw[2..6]);
    }

    [Fact]
    public async Task CancelPendingInjections_QueuedFrames_NeverSent()
    {
        await using var filter = new WebSocketStreamFilter(new ScriptedStream(_hello), new RecordingInspector(_ => false), new WebSocketFilterOptions());
        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));

        Assert.Equal(2, filter.CancelPendingInjections());

        Assert.Equal(_hello, await filter.ReadToEndAsync(100));
        Assert.Equal(0, filter.FramesInjectedToUpstream);
    }

    [Fact]
    public async Task CancelPendingInjections_AfterZeroByteRead_StillWithdrawsFrame()
    {
        await using var filter = new WebSocketStreamFilter(new ScriptedStream(_hello), new RecordingInspector(_ => false), new WebSocketFilterOptions());
        filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));

        Assert.Equal(0, await filter.ReadAsync(Memory<byte>.Empty));
        Assert.Equal(1, filter.CancelPendingInjections());

        Assert.Equal(_hello, await filter.ReadToEndAsync(100));
    }

    [Fact]
    public async Task CancelPendingInjections_FromInspectorOfRealMessage_StopNeverFollowsMessage()
    {
        WebSocketStreamFilter? filter = null;
        var inspector = new RecordingInspector(_ => false)
        {
            // A timer queued a stop while the message was being inspected; the owner withdraws it.
            OnInspect = _ =>
            {
                filter!.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop));
                filter.CancelPendingInjections();
            },
        };
        filter = new WebSocketStreamFilter(new ScriptedStream(_hello), inspector, new WebSocketFilterOptions());

        Assert.Equal(_hello, await filter.ReadToEndAsync(100));
        await filter.DisposeAsync();
    }

    [Fact]
    public async Task TryInjectToUpstream_DuringInspection_SentAfterThatFrame()
    {
        WebSocketStreamFilter? filter = null;
        var inspector = new RecordingInspector(_ => false) { OnInspect = _ => filter!.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)) };
        filter = new WebSocketStreamFilter(new ScriptedStream(_hello), inspector, new WebSocketFilterOptions());

        var frames = TestFrames.Decode(await filter.ReadToEndAsync(100));

        Assert.Equal(["hello", Stop], frames.Select(f => f.Text));
        await filter.DisposeAsync();
    }

    [Fact]
    public async Task TryInjectToUpstream_AfterGuestClose_Refused()
    {
        var close = TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8], mask: 5);
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        await guest.SendAsync(close);
        Assert.Equal(close, await ReadExactlyAsync(filter, close.Length));

        Assert.False(filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)));
    }

    [Fact]
    public async Task TryInjectToUpstream_GuestLeavesInsideFrame_DroppedAndLaterRefused()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var binary = TestFrames.Build(WebSocketOpcode.Binary, new byte[10], mask: 1);
        await guest.SendAsync(binary[..8]);
        Assert.Equal(binary[..8], await ReadExactlyAsync(filter, 8));

        Assert.True(filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)));
        await guest.SendAsync(binary[8..12]);
        guest.EndSending();

        Assert.Equal(binary[8..12], await filter.ReadToEndAsync(100));
        Assert.Equal(0, filter.FramesInjectedToUpstream);
        Assert.False(filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)));
    }

    [Fact]
    public async Task TryInjectToUpstream_GuestLeavesAfterFrame_SentBeforeEnd()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var binary = TestFrames.Build(WebSocketOpcode.Binary, new byte[10], mask: 1);
        await guest.SendAsync(binary[..8]);
        Assert.Equal(binary[..8], await ReadExactlyAsync(filter, 8));

        Assert.True(filter.TryInjectToUpstream(Encoding.UTF8.GetBytes(Stop)));
        await guest.SendAsync(binary[8..]);
        guest.EndSending();
        var rest = await filter.ReadToEndAsync(100);

        Assert.Equal(binary[8..], rest[..8]);
        Assert.Equal(Stop, Assert.Single(TestFrames.Decode(rest.AsSpan(8))).Text);
    }

    [Fact]
    public async Task TryInjectToUpstream_QueueFull_Refused()
    {
        await using var filter = new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions { MaxPendingInjections = 2 });

        Assert.True(filter.TryInjectToUpstream("{}"u8.ToArray()));
        Assert.True(filter.TryInjectToUpstream("{}"u8.ToArray()));
        Assert.False(filter.TryInjectToUpstream("{}"u8.ToArray()));
    }

    [Fact]
    public async Task TryInjectToUpstream_InvalidUtf8_Throws()
    {
        await using var filter = new WebSocketStreamFilter(new ScriptedStream([]), new RecordingInspector(), new WebSocketFilterOptions());

        Assert.Throws<ArgumentException>(() => filter.TryInjectToUpstream(new byte[] { 0xFF }));
    }

    [Fact]
    public async Task ReadAsync_CancelledWhileGuestSilent_ThrowsAndLaterReadGetsGuestBytes()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(_ => false), new WebSocketFilterOptions());
        using var cancellation = new CancellationTokenSource();
        var buffer = new byte[256];
        var cancelled = filter.ReadAsync(buffer, cancellation.Token).AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(_guard));
        await guest.SendAsync(_hello);

        Assert.Equal(_hello, await ReadExactlyAsync(filter, _hello.Length));
    }

    [Fact]
    public async Task DisposeAsync_Idle_InnerDisposedInjectionsRefusedReadsThrow()
    {
        var inner = new ScriptedStream([]);
        var filter = new WebSocketStreamFilter(inner, new RecordingInspector(), new WebSocketFilterOptions());

        await filter.DisposeAsync();

        Assert.True(inner.IsDisposed);
        Assert.False(filter.TryInjectToUpstream("{}"u8.ToArray()));
        Assert.False(filter.TryInjectToGuest("{}"u8.ToArray()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => filter.ReadAsync(new byte[1]).AsTask());
    }

    [Fact]
    public async Task DisposeAsync_WhileReadWaitsForGuest_PendingReadEnds()
    {
        var guest = new PipeGuestConnection();
        var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var read = filter.ReadAsync(new byte[16]).AsTask();

        await filter.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(_guard));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(_guard);
        return buffer;
    }
}
