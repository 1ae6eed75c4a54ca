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

        Assert.Equal(new GcraDecision(false, TimeSpan.Zero, TimeSpan.FromSeconds(1), 0, 0), decision);
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

    [Fact]
    public void Acquire_LeaseFromIdle_TakesLeasePermitsAndAdvancesTatByEach()
    {
        var limits = new GcraLimits(10, 10, TimeSpan.Zero, Lease: 4);
        var tat = 0L;

        var decision = Gcra.Acquire(ref tat, 1_000_000, limits);

        Assert.Equal(new GcraDecision(true, TimeSpan.Zero, TimeSpan.Zero, Remaining: 6, Granted: 4), decision);
        Assert.Equal(1_400_000, tat);
    }

    [Fact]
    public void Acquire_LeaseWithFewerFree_TakesWhatIsFree()
    {
        var limits = new GcraLimits(10, 10, TimeSpan.Zero, Lease: 4);
        var tat = 1_800_000L; // 8 of 10 intervals in use at 1 s: 2 free

        var decision = Gcra.Acquire(ref tat, 1_000_000, limits);

        Assert.Equal(new GcraDecision(true, TimeSpan.Zero, TimeSpan.Zero, Remaining: 0, Granted: 2), decision);
        Assert.Equal(2_000_000, tat);
        Assert.False(Gcra.Acquire(ref tat, 1_000_000, limits).Allowed);
    }

    [Fact]
    public void Acquire_LeaseWithReserve_LeavesTheReserveFree()
    {
        var limits = new GcraLimits(1, 3, TimeSpan.Zero, Reserve: 1, Lease: 5);
        var tat = 0L;

        var decision = Gcra.Acquire(ref tat, 0, limits);

        Assert.Equal(2, decision.Granted);
        Assert.Equal(2_000_000, tat);
    }

    [Fact]
    public void Acquire_LeaseWhenShaping_OneDelayedPermit()
    {
        var limits = new GcraLimits(1, 1, TimeSpan.FromSeconds(5), Lease: 3);
        var tat = 2_000_000L;

        var decision = Gcra.Acquire(ref tat, 1_000_000, limits);

        Assert.Equal(new GcraDecision(true, TimeSpan.FromSeconds(1), TimeSpan.Zero, 0, 1), decision);
        Assert.Equal(3_000_000, tat);
    }
}
