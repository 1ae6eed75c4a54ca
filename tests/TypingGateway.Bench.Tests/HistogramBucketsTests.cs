using TypingGateway.Bench.Hosting;

namespace TypingGateway.Bench.Tests;

public sealed class HistogramBucketsTests
{
    private const int Precision = 12;

    // Cumulative counts by upper bound (s), as /metrics exposes them.
    private static HistogramBuckets Buckets(params (double UpperBound, double Count)[] buckets) =>
        new(buckets.Select(b => KeyValuePair.Create(b.UpperBound, b.Count)));

    [Fact]
    public void Quantile_RankInsideBucket_InterpolatedLinearly()
    {
        // 100 observations: 10 up to 0.25 ms, 50 in (0.25, 0.5] ms, 30 in (0.5, 1] ms, 8 in (1, 2.5] ms, 2 in (2.5, 5] ms.
        var buckets = Buckets((0.0001, 0), (0.00025, 10), (0.0005, 60), (0.001, 90), (0.0025, 98), (0.005, 100), (double.PositiveInfinity, 100));

        Assert.Equal(100, buckets.Count);
        Assert.Equal(0.00045, buckets.Quantile(0.5), Precision); // rank 50: 40 of the 50 in (0.25, 0.5] ms
        Assert.Equal(0.00375, buckets.Quantile(0.99), Precision); // rank 99: 1 of the 2 in (2.5, 5] ms
    }

    [Fact]
    public void Quantile_RankInFirstBucket_StartsAtZero()
    {
        var buckets = Buckets((0.001, 40), (0.01, 50), (double.PositiveInfinity, 50));

        Assert.Equal(0.000625, buckets.Quantile(0.5), Precision); // rank 25: 25 of the 40 in (0, 1] ms
    }

    [Fact]
    public void Quantile_RankInInfBucket_LargestFiniteBound()
    {
        var buckets = Buckets((0.1, 90), (0.25, 95), (double.PositiveInfinity, 100));

        Assert.Equal(0.25, buckets.Quantile(0.99));
    }

    [Fact]
    public void Since_EarlierScrape_QuantilesOfTheDifference()
    {
        var before = Buckets((0.0005, 100), (0.001, 100), (0.0025, 100), (double.PositiveInfinity, 100));
        var after = Buckets((0.0005, 120), (0.001, 180), (0.0025, 200), (double.PositiveInfinity, 200));

        var during = after.Since(before);

        // 100 new: 20 in (0, 0.5] ms, 60 in (0.5, 1] ms, 20 in (1, 2.5] ms.
        Assert.Equal(100, during.Count);
        Assert.Equal(0.0005 + (0.0005 * 30 / 60), during.Quantile(0.5), Precision);
        Assert.Equal(0.001 + (0.0015 * 19 / 20), during.Quantile(0.99), Precision);
    }

    [Fact]
    public void Since_SeriesAbsentBefore_WholeHistogram()
    {
        var after = Buckets((0.001, 4), (double.PositiveInfinity, 4));

        var during = after.Since(HistogramBuckets.Empty);

        Assert.Equal(4, during.Count);
        Assert.Equal(0.0005, during.Quantile(0.5), Precision);
    }

    [Fact]
    public void Quantile_BucketBehindItsNeighbour_TreatedAsMonotonic()
    {
        // The +Inf bucket read a moment before the last finite one changed: histogram_quantile never lets a cumulative count fall.
        var buckets = Buckets((0.001, 10), (0.002, 21), (double.PositiveInfinity, 20));

        Assert.Equal(21, buckets.Count);
        Assert.Equal(0.002, buckets.Quantile(1), Precision);
    }

    [Fact]
    public void Quantile_NothingObserved_NaN()
    {
        var buckets = Buckets((0.001, 7), (double.PositiveInfinity, 7)).Since(Buckets((0.001, 7), (double.PositiveInfinity, 7)));

        Assert.Equal(0, buckets.Count);
        Assert.True(double.IsNaN(buckets.Quantile(0.5)));
    }

    [Fact]
    public void Quantile_NoInfBucket_NaN()
    {
        Assert.True(double.IsNaN(Buckets((0.001, 7), (0.002, 9)).Quantile(0.5)));
        Assert.Equal(0, Buckets((0.001, 7), (0.002, 9)).Count);
    }
}
