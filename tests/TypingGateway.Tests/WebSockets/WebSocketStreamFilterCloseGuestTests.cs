using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The gateway ending a session (a stop telling guests "going away"): Close 1001 to the guest at the upstream's next
/// message boundary, nothing from the upstream after it; the guest's answer goes upstream as sent; a guest that does not
/// answer gets the upstream side closed for it after the close handshake timeout.
/// </summary>
public sealed class WebSocketStreamFilterCloseGuestTests
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TryCloseGuest_UpstreamIdle_Close1001WrittenAtOnceLaterUpstreamBytesDropped()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());

        Assert.True(filter.TryCloseGuest(1001, "going away"));
        var close = await guest.ReceiveAsync(2 + 2 + "going away".Length);
        await filter.WriteAsync(TestFrames.ServerText("after the close"));
        await filter.WriteAsync(TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE9]));

        AssertClose(Assert.Single(TestFrames.Decode(close)), 1001, masked: false);
        Assert.True(filter.ClosedToGuest);
        Assert.False(filter.TryCloseGuest(1001, "again"));
        Assert.Empty(guest.ReceivedSoFar());
    }

    [Fact]
    public async Task TryCloseGuest_UpstreamMidMessage_CloseAfterTheFinalFragmentNeverInsideIt()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var first = TestFrames.ServerText("agent says ", fin: false);
        var last = TestFrames.Build(WebSocketOpcode.Continuation, "hello"u8);
        await filter.WriteAsync(first);

        Assert.True(filter.TryCloseGuest(1001, "going away"));
        await Task.Delay(50);
        Assert.False(filter.ClosedToGuest); // inside the message: waits
        await filter.WriteAsync(TestFrames.Concat(last, TestFrames.ServerText("next message")));
        var received = await guest.ReceiveAsync(first.Length + last.Length + 2 + 2 + "going away".Length);

        var frames = TestFrames.Decode(received);
        Assert.Equal([WebSocketOpcode.Text, WebSocketOpcode.Continuation, WebSocketOpcode.Close], frames.Select(f => f.Opcode));
        AssertClose(frames[2], 1001, masked: false);
        Assert.Empty(guest.ReceivedSoFar());
    }

    [Fact]
    public async Task TryCloseGuest_GuestAnswers_ItsCloseGoesUpstreamAsSentAndNoGatewayCloseFollows()
    {
        var time = new FakeTimeProvider();
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions(), timeProvider: time);
        filter.TryCloseGuest(1001, "going away");
        await guest.ReceiveAsync(2 + 2 + "going away".Length);
        var message = TestFrames.ClientText("sent before the close arrived");
        var answer = TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE9], mask: 0x11223344);
        await guest.SendAsync(message, answer);

        var upstream = await ReadExactlyAsync(filter, message.Length + answer.Length);
        time.Advance(WebSocketFilterDefaults.CloseHandshakeTimeout);
        guest.EndSending();
        var rest = await ReadToEndAsync(filter);

        Assert.Equal(TestFrames.Concat(message, answer), upstream);
        Assert.Empty(rest);
    }

    [Fact]
    public async Task TryCloseGuest_GuestNeverAnswers_UpstreamGetsMaskedClose1001AfterTheTimeoutThenEndOfStream()
    {
        var time = new FakeTimeProvider();
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions(), timeProvider: time);
        var buffer = new byte[256];
        var read = filter.ReadAsync(buffer).AsTask();
        filter.TryCloseGuest(1001, "going away");
        await guest.ReceiveAsync(2 + 2 + "going away".Length);

        time.Advance(WebSocketFilterDefaults.CloseHandshakeTimeout - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var count = await read.WaitAsync(_guard);
        var end = await filter.ReadAsync(buffer).AsTask().WaitAsync(_guard);

        AssertClose(Assert.Single(TestFrames.Decode(buffer.AsSpan(0, count))), 1001, masked: true);
        Assert.Equal(0, end);
    }

    [Fact]
    public async Task TryCloseGuest_UpstreamClosedFirst_NoSecondClose()
    {
        var guest = new PipeGuestConnection();
        await using var filter = new WebSocketStreamFilter(guest.ServerSide, new RecordingInspector(), new WebSocketFilterOptions());
        var upstreamClose = TestFrames.Build(WebSocketOpcode.Close, [0x03, 0xE8]);
        await filter.WriteAsync(upstreamClose);
        await guest.ReceiveAsync(upstreamClose.Length);

        Assert.False(filter.TryCloseGuest(1001, "going away"));
        Assert.False(filter.ClosedToGuest);
        Assert.Empty(guest.ReceivedSoFar());
    }

    private static void AssertClose(DecodedFrame frame, ushort status, bool masked)
    {
        Assert.Equal(WebSocketOpcode.Close, frame.Opcode);
        Assert.Equal(masked, frame.Masked);
        Assert.Equal(status, BinaryPrimitives.ReadUInt16BigEndian(frame.Payload));
        Assert.Equal("going away", System.Text.Encoding.UTF8.GetString(frame.Payload.AsSpan(2)));
    }

    private static async Task<byte[]> ReadExactlyAsync(WebSocketStreamFilter filter, int count)
    {
        var output = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = await filter.ReadAsync(output.AsMemory(total)).AsTask().WaitAsync(_guard);
            Assert.True(read > 0, $"end of stream after {total} of {count} bytes");
            total += read;
        }

        return output;
    }

    private static async Task<byte[]> ReadToEndAsync(WebSocketStreamFilter filter)
    {
        var output = new List<byte>();
        var buffer = new byte[256];
        int read;
        while ((read = await filter.ReadAsync(buffer).AsTask().WaitAsync(_guard)) > 0)
        {
            output.AddRange(buffer.AsSpan(0, read));
        }

        return [.. output];
    }
}
