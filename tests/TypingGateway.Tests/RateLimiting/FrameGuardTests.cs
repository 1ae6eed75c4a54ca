using System.Net;
using Microsoft.AspNetCore.Http;
using TypingGateway.Protocols;
using TypingGateway.RateLimiting;
using TypingGateway.WebSockets;
using static TypingGateway.Tests.RateLimiting.FrameGuardHarness;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class FrameGuardTests : IDisposable
{
    private readonly FrameGuardHarness _harness = new(
        Policy("messages", 1, 1, ("CloseAtMultiple", "0")),
        Policy("typing", 1, 1, ("CloseAtMultiple", "0")),
        Policy("custom", 0.25, 1, ("RejectionFrame", """{"slowDown":{retryAfter},"again":"{retryAfter}"}""")),
        Policy("held", 2, 1, ("Mode", "Shape")),
        Policy("pair", 1, 2, ("CloseAtMultiple", "0")));

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task CheckAsync_MessageOverLimit_DropAndGenesysTooManyRequestsFrame()
    {
        var guard = _harness.Guard(Settings(messages: "messages"));

        var verdicts = await MessagesAsync(guard, 2);

        Assert.Equal([null, FrameVerdict.Drop], verdicts);
        Assert.Equal([TooManyRequests], _harness.Guest.Frames);
        Assert.Equal((1, 1), (_harness.Decisions("allowed"), _harness.Decisions("rejected")));
    }

    [Fact]
    public async Task CheckAsync_CustomRejectionFrame_RetryAfterFilledIn()
    {
        var guard = _harness.Guard(Settings(messages: "custom"));

        var verdicts = await MessagesAsync(guard, 2);

        Assert.Equal([null, FrameVerdict.Drop], verdicts);
        Assert.Equal(["""{"slowDown":4,"again":"4"}"""], _harness.Guest.Frames);
    }

    [Fact]
    public async Task CheckAsync_NotGenesysOverLimit_GenericErrorFrame()
    {
        var guard = _harness.Guard(Settings(messages: "messages"), genesys: false);

        var verdicts = await MessagesAsync(guard, 2);

        Assert.Equal([null, FrameVerdict.Drop], verdicts);
        Assert.Equal(["""{"error":"rate_limited","retryAfter":1}"""], _harness.Guest.Frames);
    }

    [Fact]
    public async Task CheckAsync_RetryAfterPassed_MessageForwardedAgain()
    {
        var guard = _harness.Guard(Settings(messages: "messages"));
        await MessagesAsync(guard, 2);

        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        var verdicts = await MessagesAsync(guard, 1);

        Assert.Equal([null], verdicts);
        Assert.Single(_harness.Guest.Frames);
    }

    [Fact]
    public async Task CheckAsync_TwoGuestsOnOneConnection_IndependentBudgets()
    {
        var guard = _harness.Guard(Settings(messages: "messages"));
        Assert.NotEqual(Signal(TypingSignalKind.Message, "tok-a").Key, Signal(TypingSignalKind.Message, "tok-b").Key);

        var a1 = await guard.CheckAsync(Signal(TypingSignalKind.Message, "tok-a"), MessageFrame(), CancellationToken.None);
        var b1 = await guard.CheckAsync(Signal(TypingSignalKind.Message, "tok-b"), MessageFrame(), CancellationToken.None);
        var a2 = await guard.CheckAsync(Signal(TypingSignalKind.Message, "tok-a"), MessageFrame(), CancellationToken.None);
        var b2 = await guard.CheckAsync(Signal(TypingSignalKind.Message, "tok-b"), MessageFrame(), CancellationToken.None);

        Assert.Equal([null, null, FrameVerdict.Drop, FrameVerdict.Drop], new[] { a1, b1, a2, b2 });
    }

    [Fact]
    public async Task CheckAsync_OneGuestOnTwoConnections_OneBudget()
    {
        var first = await MessagesAsync(_harness.Guard(Settings(messages: "messages")), 1);
        var second = await MessagesAsync(_harness.Guard(Settings(messages: "messages")), 1);

        Assert.Equal([null, FrameVerdict.Drop], [.. first, .. second]);
    }

    [Fact]
    public async Task CheckAsync_FrameNamingNoGuest_CountsForItsConnection()
    {
        var guard = _harness.Guard(Settings(other: "messages"));
        var otherConnection = _harness.Guard(Settings(other: "messages"));

        var first = await guard.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None);
        var second = await guard.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None);
        var elsewhere = await otherConnection.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None);

        Assert.Equal([null, FrameVerdict.Drop, null], new[] { first, second, elsewhere });
    }

    [Theory]
    [InlineData("query:sessionId")]
    [InlineData("ip")]
    public async Task CheckAsync_UpgradePartition_SharedByConnectionsOfTheSameValue(string partition)
    {
        using var harness = new FrameGuardHarness(Policy("session", 1, 1, ("Partition", partition)));
        var upgrade = new DefaultHttpContext { Request = { QueryString = new QueryString("?sessionId=s-1") } };
        upgrade.Connection.RemoteIpAddress = IPAddress.Loopback;

        var first = await harness.Guard(Settings(messages: "session"), upgrade: upgrade).CheckAsync(Signal(TypingSignalKind.Message, "tok-a"), MessageFrame(), CancellationToken.None);
        var second = await harness.Guard(Settings(messages: "session"), upgrade: upgrade).CheckAsync(Signal(TypingSignalKind.Message, "tok-b"), MessageFrame(), CancellationToken.None);

        Assert.Null(first);
        Assert.Equal(FrameVerdict.Drop, second);
    }

    [Fact]
    public async Task CheckAsync_TypingSignals_NeitherCheckedNorCounted()
    {
        var guard = _harness.Guard(Settings(messages: "messages", typing: "typing", other: "messages", maxTextLength: 5));

        var verdicts = new List<FrameVerdict?>();
        for (var i = 0; i < 5; i++)
        {
            verdicts.Add(await guard.CheckAsync(Signal(TypingSignalKind.Start), MessageFrame(), CancellationToken.None));
            verdicts.Add(await guard.CheckAsync(Signal(TypingSignalKind.Stop), MessageFrame(new string('x', 50)), CancellationToken.None));
        }

        Assert.All(verdicts, Assert.Null);
        Assert.Equal(0, _harness.Store.Count);
        Assert.Null(await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None));
    }

    [Fact]
    public async Task CheckForwardedTypingAsync_OverTypingLimit_DropWithoutFrame()
    {
        var guard = _harness.Guard(Settings(typing: "typing"));

        var first = await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None);
        var second = await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Stop), CancellationToken.None);

        Assert.Equal(FrameVerdict.Forward, first);
        Assert.Equal(FrameVerdict.Drop, second);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(1, _harness.Decisions("rejected"));
    }

    [Fact]
    public async Task CheckForwardedTypingAsync_NoTypingPolicy_Forward()
    {
        // A platform whose typing does not use the message budget: only the typing policy could limit it.
        var guard = _harness.Guard(Settings(messages: "messages"), genesys: false);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(FrameVerdict.Forward, await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None));
        }
    }

    [Fact]
    public async Task CheckForwardedTypingAsync_Genesys_StartYieldsUnlessAMessageCanFollowAtOnce()
    {
        // Genesys counts typing in the message budget (here 1/s, burst 2): a start goes only with both permits free.
        var guard = _harness.Guard(Settings(messages: "pair"));

        var first = await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None);
        var message = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None);
        var startAfterMessage = await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(1.5));
        var stillOnePermitShort = await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None);
        _harness.Time.Advance(TimeSpan.FromSeconds(0.5));
        var budgetWhole = await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None);
        var messageAfterTyping = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None);

        // The message after the first start went at once (null: go on, no delay), and so did the one after the last.
        Assert.Equal(
            [FrameVerdict.Forward, null, FrameVerdict.Drop, FrameVerdict.Drop, FrameVerdict.Forward, null],
            [first, message, startAfterMessage, stillOnePermitShort, budgetWhole, messageAfterTyping]);
        Assert.Equal(2, _harness.Decisions("typing-yielded"));
        Assert.Equal(0, _harness.Decisions("shaped") + _harness.Decisions("rejected"));
        Assert.Empty(_harness.Guest.Frames);
    }

    [Fact]
    public async Task CheckForwardedTypingAsync_Genesys_YieldedStartNotAskedAgainBeforeTheStoresRetryTime()
    {
        // 1/s, burst 2, a start needs both permits: after a message, the store says when a start could go (1 s). The
        // keystrokes before that are refused without asking the store (one round trip per keystroke in Redis before);
        // the first one after it asks, and goes.
        var store = new CountingStore(_harness.Store);
        var guard = _harness.Guard(Settings(messages: "pair"), store: store);
        await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None);

        var verdicts = new List<FrameVerdict>();
        var asked = new List<int>();
        for (var keystroke = 0; keystroke < 12; keystroke++)
        {
            verdicts.Add(await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None));
            asked.Add(store.Calls);
            _harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // Keystroke 0 (t = 0) asks and yields (retry after 1 s); 1–9 are not asked; 10 (t = 1.0 s) asks and goes; 11 is
        // the collapser's business (a forwarded start), asked as usual.
        Assert.Equal([.. Enumerable.Repeat(FrameVerdict.Drop, 10), FrameVerdict.Forward, FrameVerdict.Drop], verdicts);
        Assert.Equal([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 4], asked);
        Assert.Equal(11, _harness.Decisions("typing-yielded"));

        // Another guest on the same connection is not held by the first one's retry time.
        Assert.Equal(FrameVerdict.Forward, await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start, "tok-b"), CancellationToken.None));
    }

    private sealed class CountingStore(IGcraStore inner) : IGcraStore
    {
        public int Calls { get; private set; }

        public ValueTask<GcraDecision> AcquireAsync(string policy, string partition, GcraLimits limits, CancellationToken cancellationToken)
        {
            Calls++;
            return inner.AcquireAsync(policy, partition, limits, cancellationToken);
        }
    }

    [Fact]
    public async Task CheckForwardedTypingAsync_Genesys_StopTakesTheLastPermit()
    {
        var guard = _harness.Guard(Settings(messages: "pair"));
        await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None);

        Assert.Equal(FrameVerdict.Drop, await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None));
        Assert.Equal(FrameVerdict.Forward, await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Stop), CancellationToken.None));
        Assert.Equal(FrameVerdict.Drop, await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Stop), CancellationToken.None));
    }

    [Fact]
    public async Task CheckForwardedTypingAsync_GenesysBurstOfOne_StartNeverGoes()
    {
        // A message budget of one permit (as an instance's share of 0.9/s burst 2 while Redis is down, with 2 instances)
        // has no room for typing and a message: typing yields for as long as it lasts, messages are unaffected.
        var guard = _harness.Guard(Settings(messages: "messages"));

        var verdicts = new List<FrameVerdict>();
        for (var i = 0; i < 5; i++)
        {
            verdicts.Add(await guard.CheckForwardedTypingAsync(Signal(TypingSignalKind.Start), CancellationToken.None));
            _harness.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.All(verdicts, v => Assert.Equal(FrameVerdict.Drop, v));
        Assert.Null(await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_OtherFrameOverShapingPolicy_RejectedNotHeld()
    {
        var guard = _harness.Guard(Settings(other: "held"));

        await guard.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None);
        var second = guard.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None);

        Assert.True(second.IsCompleted);
        Assert.Equal(FrameVerdict.Drop, await second);
        Assert.Equal([TooManyRequests], _harness.Guest.Frames);
    }

    [Fact]
    public async Task CheckAsync_PolicyNotInCatalog_GoOn()
    {
        var guard = _harness.Guard(Settings(messages: "gone", other: "gone"));

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None));
            Assert.Null(await guard.CheckAsync(TypingSignal.Other, MessageFrame(), CancellationToken.None));
        }

        Assert.Equal(0, _harness.Store.Count);
    }

    [Fact]
    public async Task CheckAsync_NoGuestAttachedYet_DropWithoutFrame()
    {
        var guard = _harness.Guard(Settings(messages: "messages"), attach: false);

        var verdicts = await MessagesAsync(guard, 2);

        Assert.Equal([null, FrameVerdict.Drop], verdicts);
        Assert.Empty(_harness.Guest.Frames);
    }
}
