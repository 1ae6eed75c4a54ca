using TypingGateway.Protocols;
using TypingGateway.Proxy;
using TypingGateway.RateLimiting;
using TypingGateway.WebSockets;
using static TypingGateway.Tests.RateLimiting.FrameGuardHarness;

namespace TypingGateway.Tests.RateLimiting;

/// <summary>
/// <see cref="FrameGuard"/> on a route in shadow: the same verdicts and counts as enforcing, charged to the same budgets,
/// but no error frame reaches the guest and nothing is held back (the session then forwards whatever the verdict).
/// </summary>
[Trait("Area", "Shadow")]
public sealed class FrameGuardShadowTests : IDisposable
{
    private readonly FrameGuardHarness _harness = new(
        Policy("messages", 1, 1, ("CloseAtMultiple", "0")),
        Policy("held", 2, 1, ("Mode", "Shape"), ("MaxDelay", "00:00:01")),
        Policy("abusive", 1, 1, ("CloseAtMultiple", "1")));

    private readonly RouteMode _shadow = new("genesys-guest", shadow: true);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task OverLimit_SameVerdictAndCount_NoFrameToTheGuest()
    {
        var guard = _harness.Guard(Settings(messages: "messages"), route: _shadow);

        var verdicts = await MessagesAsync(guard, 3);

        Assert.Equal([null, FrameVerdict.Drop, FrameVerdict.Drop], verdicts);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(2, _harness.Metrics.Sum(DecisionsMetric, ("result", "rejected"), ("mode", "shadow")));
        Assert.Equal(0, _harness.Metrics.Sum(DecisionsMetric, ("mode", "enforce")));
    }

    [Fact]
    public async Task Shaped_CountedAndNotHeldBack()
    {
        var guard = _harness.Guard(Settings(messages: "held"), route: _shadow);
        Assert.Null(await Message(guard));

        // Enforcing would hold this one 500 ms; in shadow it completes without the clock moving.
        var second = Message(guard);

        Assert.True(second.IsCompleted);
        Assert.Null(await second);
        Assert.Equal(1, _harness.Metrics.Sum(DecisionsMetric, ("result", "shaped"), ("mode", "shadow")));
    }

    [Fact]
    public async Task TextTooLong_DropVerdictCounted_NoMessageTooLongFrame()
    {
        var guard = _harness.Guard(Settings(messages: "messages", maxTextLength: 5), route: _shadow);

        var verdict = await guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame("Hello world"), CancellationToken.None);

        Assert.Equal(FrameVerdict.Drop, verdict);
        Assert.Empty(_harness.Guest.Frames);
        Assert.Equal(1, _harness.Metrics.Sum(DecisionsMetric, ("policy", "constraints"), ("result", "rejected"), ("mode", "shadow")));
    }

    [Fact]
    public async Task Abuse_CloseVerdictCounted()
    {
        var guard = _harness.Guard(Settings(messages: "abusive"), route: _shadow);

        var verdicts = new List<FrameVerdict?>();
        for (var i = 0; i < 13; i++)
        {
            verdicts.Add(await Message(guard));
        }

        Assert.Equal(FrameVerdict.Close, verdicts[^1]);
        Assert.Empty(_harness.Guest.Frames);
        Assert.True(_harness.Metrics.Sum(DecisionsMetric, ("result", "closed"), ("mode", "shadow")) >= 1);
    }

    [Fact]
    public async Task SwitchedToEnforce_TheSameGuardAnswersTheGuestAgain()
    {
        var mode = new RouteMode("genesys-guest", shadow: true);
        var guard = _harness.Guard(Settings(messages: "messages"), route: mode);
        await MessagesAsync(guard, 2);
        Assert.Empty(_harness.Guest.Frames);

        mode.IsShadow = false;
        var verdicts = await MessagesAsync(guard, 1);

        Assert.Equal([FrameVerdict.Drop], verdicts);
        Assert.Equal([TooManyRequests], _harness.Guest.Frames);
    }

    private static Task<FrameVerdict?> Message(FrameGuard guard) =>
        guard.CheckAsync(Signal(TypingSignalKind.Message), MessageFrame(), CancellationToken.None).AsTask();
}
