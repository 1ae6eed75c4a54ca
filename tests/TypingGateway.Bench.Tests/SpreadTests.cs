using TypingGateway.Bench.Report;

namespace TypingGateway.Bench.Tests;

public sealed class SpreadTests
{
    [Fact]
    public void Of_OddCount_MiddleValueAndRange()
    {
        var spread = Spread.Of([1.02, 0.95, 0.99]);

        Assert.Equal(0.99, spread.Median);
        Assert.Equal(0.95, spread.Min);
        Assert.Equal(1.02, spread.Max);
        Assert.Equal(3, spread.Runs);
    }

    [Fact]
    public void Of_EvenCount_MeanOfTheTwoMiddleValues()
    {
        var spread = Spread.Of([4.0, 1.0, 3.0, 2.0]);

        Assert.Equal(2.5, spread.Median);
        Assert.Equal(1.0, spread.Min);
        Assert.Equal(4.0, spread.Max);
    }

    [Fact]
    public void Of_OneRun_NoSpread()
    {
        var spread = Spread.Of([0.97]);

        Assert.Equal(0.97, spread.Median);
        Assert.Equal(spread.Min, spread.Max);
        Assert.Equal(0, spread.Relative);
    }

    [Fact]
    public void Of_NonFiniteRuns_LeftOut()
    {
        var spread = Spread.Of([double.NaN, 2.0, double.PositiveInfinity, 1.0]);

        Assert.Equal(2, spread.Runs);
        Assert.Equal(1.5, spread.Median);
        Assert.Equal(1.0, spread.Min);
        Assert.Equal(2.0, spread.Max);
    }

    [Fact]
    public void Of_NothingMeasured_NaNAndZeroRuns()
    {
        var spread = Spread.Of([double.NaN]);

        Assert.Equal(0, spread.Runs);
        Assert.True(double.IsNaN(spread.Median));
        Assert.True(double.IsNaN(spread.Relative));
    }

    [Fact]
    public void Relative_WidthOverMedian()
    {
        var spread = Spread.Of([0.96, 1.0, 1.02]);

        Assert.Equal(0.06, spread.Relative, 10);
    }

    [Theory]
    [InlineData(true, 0.97, true)]
    [InlineData(true, 0.98, false)]
    [InlineData(false, 0.97, true)]
    [InlineData(false, 0.96, false)]
    public void IsMet_JudgedOnTheMedianNotTheBestRun(bool atLeast, double threshold, bool expected)
    {
        var goal = new Goal("g", "http.rps_ratio", atLeast ? GoalBound.AtLeast : GoalBound.AtMost, threshold, Fmt.Ratio);

        // Median 0.97: one run above and one below the threshold must not decide it.
        Assert.Equal(expected, goal.IsMet(Spread.Of([0.90, 0.97, 1.10])));
    }

    [Fact]
    public void IsMet_NothingMeasured_Null()
    {
        var goal = new Goal("g", "http.rps_ratio", GoalBound.AtLeast, 0.97, Fmt.Ratio);

        Assert.Null(goal.IsMet(Spread.Of([])));
    }
}
