using Microsoft.Extensions.Time.Testing;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// Issue 12 D6: discarding messages over the route's size limit is bounded. A guest that keeps sending
/// oversized data is closed with 1009 after at most 4 × MaxMessageBytes discarded in one message, or
/// 16 × MaxMessageBytes discarded on the connection within a window; one oversized message is still
/// answered (the platform's error frame) and the connection kept.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class WebSocketStreamFilterDiscardBoundTests
{
    private const int Limit = 10_000;

    /// <summary>Design figures (docs/decisions/0008): discarded bytes, frames on the wire, per message and per connection window.</summary>
    private const long MessageBound = 4L * Limit;

    private const long ConnectionBudget = 16L * Limit;

    /// <summary>The test's own bound on a guest that is never cut off: 200 MB, generated as it is read.</summary>
    private const long GuestBytesGuard = 200L * 1024 * 1024;

    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(30);

    private static readonly byte[] _after = TestFrames.ClientText("""{"type":"message","text":"after"}""", mask: 0x0BADF00D);

    private static readonly byte[] _tooBigClose = [0x03, 0xF1, .. "message too big"u8];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_EndlessOversizedMessage_Close1009AfterMessageBound(bool binary)
    {
        var opcode = binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text;
        var limit = new RecordingMessageSizeLimit(Limit);
        var first = TestFrames.Build(opcode, new byte[2 * Limit], fin: false, mask: 1);
        var next = TestFrames.Build(WebSocketOpcode.Continuation, new byte[2 * Limit], fin: false, mask: 2);
        var guest = new EndlessFrameStream(first, next, GuestBytesGuard);
        using var filter = Filter(guest, limit);

        var output = TestFrames.Decode(await filter.ReadToEndAsync(16 * 1024).WaitAsync(_guard));

        AssertOnlyTooBigClose(output);
        Assert.InRange(guest.Consumed, 1, MessageBound + next.Length);
        Assert.Equal((1, 1), (limit.Rejected, limit.Closed));
    }

    [Fact]
    public async Task ReadAsync_EndlessOversizedMessages_Close1009AfterConnectionBudget()
    {
        var limit = new RecordingMessageSizeLimit(Limit);

        // Each message alone is within the per-message bound, and each gets the platform's answer.
        var message = TestFrames.Build(WebSocketOpcode.Binary, new byte[2 * Limit], mask: 3);
        var guest = new EndlessFrameStream([], message, GuestBytesGuard);
        using var filter = Filter(guest, limit);

        var output = TestFrames.Decode(await filter.ReadToEndAsync(16 * 1024).WaitAsync(_guard));

        AssertOnlyTooBigClose(output);
        Assert.InRange(guest.Consumed, 1, ConnectionBudget + message.Length);
        Assert.Equal((ConnectionBudget / message.Length, 1L), ((long)limit.Rejected, (long)limit.Closed));
    }

    [Fact]
    public async Task ReadAsync_FirstFrameAnnouncesMoreThanMessageBound_Close1009WithoutReadingIt()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var header = TestFrames.Build(WebSocketOpcode.Binary, new byte[MessageBound + 1], mask: 4);
        var guest = new EndlessFrameStream(header, _after, 1024 * 1024);
        using var filter = Filter(guest, limit);

        var output = TestFrames.Decode(await filter.ReadToEndAsync(16 * 1024).WaitAsync(_guard));

        AssertOnlyTooBigClose(output);
        Assert.InRange(guest.Consumed, 1, 16 * 1024);
        Assert.Equal((0, 1), (limit.Rejected, limit.Closed));
    }

    [Fact]
    public async Task ReadAsync_OneOversizedMessage_AnsweredDiscardedNextMessagePasses()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var oversized = TestFrames.Build(WebSocketOpcode.Text, new byte[3 * Limit], mask: 5);
        using var filter = Filter(new ScriptedStream(TestFrames.Concat(oversized, _after), _ => 4096), limit);

        var output = await filter.ReadToEndAsync(16 * 1024).WaitAsync(_guard);

        Assert.Equal(_after, output);
        Assert.Equal((1, 0), (limit.Rejected, limit.Closed));
    }

    [Theory]
    [InlineData(60, false)]
    [InlineData(59, true)]
    public async Task ReadAsync_BudgetSpentThenWindowPasses_DiscardsAgainOtherwiseCloses(int secondsLater, bool closes)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var limit = new RecordingMessageSizeLimit(Limit);
        var connection = new PipeGuestConnection();
        using var filter = new WebSocketStreamFilter(connection.ServerSide, new RecordingInspector(_ => false), new WebSocketFilterOptions(), sizeLimit: limit, timeProvider: time);
        var message = TestFrames.Build(WebSocketOpcode.Binary, new byte[2 * Limit], mask: 6);
        var fitting = (int)(ConnectionBudget / message.Length);

        // The first discard opens the window; the budget then holds exactly this many messages. Sent while
        // read: the guest's pipe holds less than they take.
        var sending = connection.SendAsync([.. Enumerable.Repeat(message, fitting), _after]);
        Assert.Equal(_after, await ReadExactlyAsync(filter, _after.Length));
        await sending.WaitAsync(_guard);
        time.Advance(TimeSpan.FromSeconds(secondsLater));
        sending = SendThenEndAsync(connection, [.. Enumerable.Repeat(message, fitting), _after]);

        var output = TestFrames.Decode(await filter.ReadToEndAsync(16 * 1024).WaitAsync(_guard));

        if (closes)
        {
            AssertOnlyTooBigClose(output);
            Assert.Equal((fitting, 1), (limit.Rejected, limit.Closed));
        }
        else
        {
            // Only here does the gateway read the guest to the end: after a close the rest stays unread.
            await sending.WaitAsync(_guard);
            Assert.Equal(_after, Assert.Single(output).Raw);
            Assert.Equal((2 * fitting, 0), (limit.Rejected, limit.Closed));
        }
    }

    private static async Task SendThenEndAsync(PipeGuestConnection connection, byte[][] frames)
    {
        await connection.SendAsync(frames);
        connection.EndSending();
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes).AsTask().WaitAsync(_guard);
        return bytes;
    }

    private static void AssertOnlyTooBigClose(List<DecodedFrame> output)
    {
        var close = Assert.Single(output);
        Assert.Equal((WebSocketOpcode.Close, true, true), (close.Opcode, close.Fin, close.Masked));
        Assert.Equal(_tooBigClose, close.Payload);
    }

    private static WebSocketStreamFilter Filter(Stream guest, RecordingMessageSizeLimit limit) =>
        new(guest, new RecordingInspector(_ => false), new WebSocketFilterOptions(), sizeLimit: limit);
}
