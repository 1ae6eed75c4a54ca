using TypingGateway.Bench.Load;

namespace TypingGateway.Bench.Tests;

/// <summary>The benchmark's ideal is design §3 applied to what the guests sent; it must match the gateway's rules exactly.</summary>
public sealed class IdealTypingTests
{
    private static readonly TimeSpan _interval = IdealTyping.GenesysStartInterval;

    [Fact]
    public void Count_OneStormCycle_OneFrame()
    {
        // 25 keys at 10/s, then the message: the burst is 2.4 s, shorter than the 5 s start interval.
        var events = Keys(0, 25).Append((Ms(2500), false));

        Assert.Equal(1, IdealTyping.Count(events, _interval));
    }

    [Fact]
    public void Count_BurstOf7Seconds_LeadingEdgeAndOneRefresh()
    {
        // Keys at 0.0 … 6.9 s: forwarded at 0 and at 5.0 s (now − lastForward ≥ interval).
        Assert.Equal(2, IdealTyping.Count(Keys(0, 70), _interval));
    }

    [Fact]
    public void Count_KeyJustBeforeInterval_Suppressed()
    {
        Assert.Equal(1, IdealTyping.Count([(Ms(0), true), (Ms(4999), true)], _interval));
    }

    [Fact]
    public void Count_MessageEndsBurst_NextKeyIsLeadingEdge()
    {
        (TimeSpan, bool)[] events = [(Ms(0), true), (Ms(100), true), (Ms(200), false), (Ms(300), true), (Ms(400), true)];

        Assert.Equal(2, IdealTyping.Count(events, _interval));
    }

    [Fact]
    public void Count_MessagesOnly_Zero()
    {
        Assert.Equal(0, IdealTyping.Count([(Ms(0), false), (Ms(3000), false)], _interval));
    }

    [Fact]
    public void Count_ThreeCycles_ThreeFrames()
    {
        var events = new List<(TimeSpan, bool)>();
        for (var cycle = 0; cycle < 3; cycle++)
        {
            var start = cycle * 3000;
            events.AddRange(Keys(start, 25));
            events.Add((Ms(start + 2500), false));
        }

        Assert.Equal(3, IdealTyping.Count(events, _interval));
    }

    private static IEnumerable<(TimeSpan, bool)> Keys(int startMs, int count) =>
        Enumerable.Range(0, count).Select(k => (Ms(startMs + (k * 100)), true));

    private static TimeSpan Ms(int value) => TimeSpan.FromMilliseconds(value);
}
