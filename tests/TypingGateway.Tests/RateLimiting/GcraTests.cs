using TypingGateway.RateLimiting;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class GcraTests
{
    [Theory]
    [InlineData(2, 500_000)]
    [InlineData(3, 333_334)] // rounded up: never faster than configured
    [InlineData(0.5, 2_000_000)]
    [InlineData(1e9, 1)] // at least one microsecond
    public void IntervalMicroseconds_Rate_WholeMicrosecondsRoundedUp(double rate, long expected)
    {
        Assert.Equal(expected, Gcra.IntervalMicroseconds(new GcraLimits(rate, 1, TimeSpan.Zero)));
    }

    [Fact]
    public void Burst_ZeroOrLess_OnePermit()
    {
        Assert.Equal(1, Gcra.Burst(new GcraLimits(1, 0, TimeSpan.Zero)));
        Assert.Equal(1, Gcra.Burst(new GcraLimits(1, -5, TimeSpan.Zero)));
    }

    [Fact]
    public void MaxDelayMicroseconds_NegativeOrSubMicrosecond_RoundedDown()
    {
        Assert.Equal(0, Gcra.MaxDelayMicroseconds(new GcraLimits(1, 1, TimeSpan.FromSeconds(-1))));
        Assert.Equal(1, Gcra.MaxDelayMicroseconds(new GcraLimits(1, 1, TimeSpan.FromTicks(19))));
    }

    [Fact]
    public void Acquire_Rejected_TatUnchanged()
    {
        var limits = new GcraLimits(1, 1, TimeSpan.Zero);
        var tat = 5_000_000L;

        var decision = Gcra.Acquire(ref tat, 4_000_000, limits);

        Assert.Equal(new GcraDecision(false, TimeSpan.Zero, TimeSpan.FromSeconds(1), 0), decision);
        Assert.Equal(5_000_000, tat);
    }

    [Fact]
    public void Acquire_TatInThePast_CountsFromNow()
    {
        var limits = new GcraLimits(1, 2, TimeSpan.Zero);
        var tat = 1_000_000L;

        var decision = Gcra.Acquire(ref tat, 10_000_000, limits);

        Assert.Equal(new GcraDecision(true, TimeSpan.Zero, TimeSpan.Zero, 1), decision);
        Assert.Equal(11_000_000, tat);
        Assert.Equal(12_000_000, Gcra.ExpiresAt(tat));
    }
}
