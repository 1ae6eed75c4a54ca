using System.Diagnostics;
using TypingGateway.Bench.Load;

namespace TypingGateway.Bench.Tests;

public sealed class LatencySummaryTests
{
    [Fact]
    public void From_100SamplesOf1To100Ms_NearestRankPercentiles()
    {
        var sample = new LatencySample();
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            sample.AddElapsed(Stopwatch.Frequency * ms / 1000);
        }

        var summary = LatencySummary.From([sample], TimeSpan.FromSeconds(2));

        Assert.Equal(100, summary.Count);
        Assert.Equal(50, summary.PerSecond);
        Assert.Equal(50, summary.P50Ms, precision: 6);
        Assert.Equal(99, summary.P99Ms, precision: 6);
    }

    [Fact]
    public void From_NoSamples_NaNPercentiles()
    {
        var summary = LatencySummary.From([new LatencySample()], TimeSpan.FromSeconds(1));

        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.P99Ms));
    }

    [Fact]
    public void Median_ThreeRounds_MiddleByRate()
    {
        LatencySummary[] rounds = [new(10, 300, 1, 2), new(10, 100, 3, 4), new(10, 200, 5, 6)];

        Assert.Equal(200, LatencySummary.Median(rounds).PerSecond);
    }
}
