using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using TypingGateway.WebSockets;

namespace TypingGateway.Tests.WebSockets;

/// <summary>
/// The size guard alone, frame header by frame header: messages within the limit go on, an oversized message is
/// discarded to its final fragment when the owner has an answer and closed otherwise, one grown past the limit is
/// closed, and the discard accounting closes at exactly the per-message and per-window bounds.
/// </summary>
public sealed class GuestMessageSizeGuardTests
{
    private const long Limit = 100;

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logger = new();

    [Fact]
    public void OnDataFrame_MessageAtTheLimitInFragments_Forwarded()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var guard = NewGuard(limit);

        Assert.Equal(GuestMessageSizeGuard.Outcome.Forward, guard.OnDataFrame(Text(60, fin: false)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Forward, guard.OnDataFrame(Continuation(40, fin: true)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Forward, guard.OnDataFrame(Text(Limit)));

        Assert.Equal((0, 0), (limit.Rejected, limit.Closed));
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void OnDataFrame_FirstFrameRepeatedForAnIncompleteCandidate_CountedOnce()
    {
        var guard = NewGuard(new RecordingMessageSizeLimit(Limit));

        guard.OnDataFrame(Text(60, fin: false));
        guard.OnDataFrame(Text(60, fin: false)); // the same header again once more of the frame arrived

        Assert.Equal(GuestMessageSizeGuard.Outcome.Forward, guard.OnDataFrame(Continuation(40, fin: true)));
    }

    [Fact]
    public void OnDataFrame_MessageGrowsPastTheLimit_CloseOnceWithTheForwardedCount()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var guard = NewGuard(limit);
        guard.OnDataFrame(Text(60, fin: false));
        guard.OnDataFrame(Continuation(40, fin: false));

        var outcome = guard.OnDataFrame(Continuation(1, fin: true));

        Assert.Equal(GuestMessageSizeGuard.Outcome.Close, outcome);
        Assert.Equal((0, 1), (limit.Rejected, limit.Closed));
        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(1404, record.Id.Id);
        Assert.Equal(
            "A guest message grew past the route's MaxMessageBytes 100 (100 bytes forwarded, next frame 1 bytes); the WebSocket is closed with 1009.",
            record.Message);
    }

    [Fact]
    public void OnDataFrame_FirstFrameOverTheLimit_WholeMessageDiscardedThenTheNextForwarded()
    {
        var limit = new RecordingMessageSizeLimit(Limit);
        var guard = NewGuard(limit);

        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Text(Limit + 1, fin: false)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Continuation(10, fin: false)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Continuation(10, fin: true)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Forward, guard.OnDataFrame(Text(Limit)));

        Assert.Equal((1, 0), (limit.Rejected, limit.Closed));
    }

    [Fact]
    public void OnDataFrame_OversizedMessages_DiscardLoggedOncePerConnection()
    {
        var guard = NewGuard(new RecordingMessageSizeLimit(Limit));

        guard.OnDataFrame(Text(150));
        guard.OnDataFrame(Text(160));

        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(1403, record.Id.Id);
        Assert.Equal(
            "A guest message of 150 bytes in its first frame is over the route's MaxMessageBytes 100; discarded and answered with the platform's error frame (logged once per connection).",
            record.Message);
    }

    [Fact]
    public void OnDataFrame_OversizedWithoutAnAnswer_Close()
    {
        var limit = new RecordingMessageSizeLimit(Limit, discard: false);
        var guard = NewGuard(limit);

        Assert.Equal(GuestMessageSizeGuard.Outcome.Close, guard.OnDataFrame(Text(Limit + 1)));

        Assert.Equal((1, 1), (limit.Rejected, limit.Closed));
        Assert.Equal(1404, Assert.Single(_logger.Collector.GetSnapshot()).Id.Id);
    }

    [Fact]
    public void OnDataFrame_DiscardReachesThePerMessageBound_CloseAtTheFrameThatWouldCrossIt()
    {
        // Bound 4 × 100 = 400 wire bytes; each frame 150 + 2 header bytes: 152, 304, then 456 would cross it.
        var limit = new RecordingMessageSizeLimit(Limit);
        var guard = NewGuard(limit);

        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Text(150, fin: false)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Continuation(150, fin: false)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Close, guard.OnDataFrame(Continuation(150, fin: false)));

        Assert.Equal((1, 1), (limit.Rejected, limit.Closed));
        var records = _logger.Collector.GetSnapshot();
        Assert.Collection(records, r => Assert.Equal(1403, r.Id.Id), r => Assert.Equal(1405, r.Id.Id));
        Assert.Equal(
            "A guest kept sending messages over the route's MaxMessageBytes 100: 304 bytes discarded of the current message, "
                + "304 in the window, next frame 152 bytes, past the discard bound; the WebSocket is closed with 1009.",
            records[1].Message);
    }

    [Fact]
    public void OnDataFrame_DiscardExactlyAtThePerMessageBound_StillDiscarded()
    {
        var guard = NewGuard(new RecordingMessageSizeLimit(Limit));

        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Text(198, fin: false)));
        Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Continuation(198, fin: true))); // 400 of 400
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, false)]
    public void OnDataFrame_WindowBudgetSpent_ClosesUntilTheWindowPasses(int secondsLater, bool closes)
    {
        // Window bound 6 × 100 = 600 wire bytes: three oversized messages of 200 bytes each spend it.
        var limit = new RecordingMessageSizeLimit(Limit);
        var guard = NewGuard(limit, new WebSocketFilterOptions { OversizeDiscardPerWindow = 6 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(GuestMessageSizeGuard.Outcome.Discard, guard.OnDataFrame(Text(198)));
        }

        _time.Advance(TimeSpan.FromSeconds(secondsLater));
        var outcome = guard.OnDataFrame(Text(198));

        Assert.Equal(closes ? GuestMessageSizeGuard.Outcome.Close : GuestMessageSizeGuard.Outcome.Discard, outcome);
        Assert.Equal((closes ? 3 : 4, closes ? 1 : 0), (limit.Rejected, limit.Closed));
    }

    private GuestMessageSizeGuard NewGuard(RecordingMessageSizeLimit limit, WebSocketFilterOptions? options = null) =>
        new(limit, options ?? new WebSocketFilterOptions(), _time, _logger);

    private static WebSocketFrameHeader Text(long payload, bool fin = true) => Header(WebSocketOpcode.Text, payload, fin);

    private static WebSocketFrameHeader Continuation(long payload, bool fin) => Header(WebSocketOpcode.Continuation, payload, fin);

    // A 2-byte header whatever the length (the guard reads lengths only): a frame is its payload + 2 wire bytes.
    private static WebSocketFrameHeader Header(WebSocketOpcode opcode, long payload, bool fin) =>
        new(fin, 0, opcode, Masked: false, MaskKey: 0, payload, HeaderLength: 2);
}
