using TypingGateway.RateLimiting;

namespace TypingGateway.Tests.RateLimiting;

[Trait("Area", "RateLimiting")]
public sealed class GcraLimitsTests
{
    private static readonly GcraLimits _limits = new(30, 10, TimeSpan.FromSeconds(2));

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-3)]
    public void PerInstance_OneOrNoInstances_SameLimits(int instances)
    {
        Assert.Equal(_limits, _limits.PerInstance(instances));
    }

    [Fact]
    public void PerInstance_ThreeInstances_RateAndBurstDividedMaxDelayKept()
    {
        Assert.Equal(new GcraLimits(10, 3, TimeSpan.FromSeconds(2)), _limits.PerInstance(3));
    }

    [Fact]
    public void PerInstance_Reserve_KeptWhole()
    {
        // An instance's share must still leave a whole permit for a message: typing on a share of burst 1 never goes.
        Assert.Equal(new GcraLimits(0.45, 1, TimeSpan.FromSeconds(2), Reserve: 1), new GcraLimits(0.9, 2, TimeSpan.FromSeconds(2), Reserve: 1).PerInstance(2));
    }

    [Fact]
    public void PerInstance_MoreInstancesThanBurst_AtLeastOnePermitAtOnce()
    {
        var perInstance = new GcraLimits(10, 2, TimeSpan.Zero).PerInstance(4);

        Assert.Equal(new GcraLimits(2.5, 1, TimeSpan.Zero), perInstance);
    }

    [Fact]
    public void PerInstance_SumOverInstances_NeverAboveSharedBudget()
    {
        foreach (var instances in Enumerable.Range(1, 12))
        {
            var perInstance = _limits.PerInstance(instances);

            Assert.True(perInstance.PermitsPerSecond * instances <= _limits.PermitsPerSecond + 1e-9);
            Assert.True(perInstance.Burst * instances <= Math.Max(_limits.Burst, instances));
        }
    }
}
