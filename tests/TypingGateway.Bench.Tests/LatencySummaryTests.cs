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
        RoundResult[] rounds = [Round(300), Round(100), Round(200)];

        Assert.Equal(200, RoundResult.Median(rounds).Latency.PerSecond);
    }

    [Fact]
    public void CpuMsPer1000_2000RequestsIn500Ms_250()
    {
        var round = new RoundResult(new LatencySummary(2000, 1000, 1, 2), 0, TimeSpan.FromMilliseconds(500));

        Assert.Equal(250, round.CpuMsPer1000, precision: 9);
    }

    private static RoundResult Round(double perSecond) => new(new LatencySummary(10, perSecond, 1, 2), 0, TimeSpan.Zero);
}
