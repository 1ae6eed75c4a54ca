using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class TypingTimingsTests
{
    [Theory]
    [InlineData(5.0, null, 60.0)]         // genesys: 2 × 5 s < 1 min floor
    [InlineData(-1.0, 1.0, 60.0)]         // cxone: no refresh, 1 s idle stop
    [InlineData(45.0, null, 90.0)]        // 2 × interval above the floor
    [InlineData(-1.0, 40.0, 80.0)]        // 2 × idle above the floor
    [InlineData(50.0, 70.0, 140.0)]       // the larger of both
    [InlineData(1800.0, null, 3600.0)]    // exactly the cap
    [InlineData(7200.0, null, 3600.0)]    // capped at 1 h
    [InlineData(-1.0, 10000.0, 3600.0)]   // capped at 1 h
    [InlineData(0.0, null, 60.0)]
    public void StateTtl_ByTimings_MaxOfWindowsTwiceAndOneMinuteCappedAtOneHour(double intervalSeconds, double? idleSeconds, double expectedSeconds)
    {
        var interval = intervalSeconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(intervalSeconds);
        var timings = new TypingTimings(interval, idleSeconds is { } idle ? TimeSpan.FromSeconds(idle) : null);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), timings.StateTtl);
    }

    [Fact]
    public void StateTtl_MaxValueInterval_CappedWithoutOverflow()
    {
        Assert.Equal(TimeSpan.FromHours(1), new TypingTimings(TimeSpan.MaxValue, TimeSpan.MaxValue).StateTtl);
    }
}
