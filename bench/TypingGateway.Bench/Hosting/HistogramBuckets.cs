namespace TypingGateway.Bench.Hosting;

/// <summary>
/// A Prometheus histogram's cumulative bucket counts by upper bound (<c>le</c>, the last +Inf): the
/// difference of two scrapes, and quantiles estimated as PromQL's <c>histogram_quantile</c> does.
/// </summary>
internal sealed class HistogramBuckets
{
    private readonly double[] _upperBounds;
    private readonly double[] _counts;

    /// <param name="cumulativeCounts">Cumulative count by upper bound, in any order.</param>
    public HistogramBuckets(IEnumerable<KeyValuePair<double, double>> cumulativeCounts)
    {
        var sorted = cumulativeCounts.OrderBy(b => b.Key).ToArray();
        _upperBounds = [.. sorted.Select(b => b.Key)];
        _counts = [.. sorted.Select(b => b.Value)];
    }

    public static HistogramBuckets Empty { get; } = new([]);

    /// <summary>Observations: the +Inf bucket's count (0 without one).</summary>
    public double Count => HasInfBucket ? Monotonic()[^1] : 0;

    private bool HasInfBucket => _upperBounds.Length > 0 && double.IsPositiveInfinity(_upperBounds[^1]);

    /// <summary>What was observed after <paramref name="before"/> (an earlier scrape of the same series): the counts' differences, bound by bound.</summary>
    public HistogramBuckets Since(HistogramBuckets before) =>
        new(_upperBounds.Select((bound, i) => KeyValuePair.Create(bound, _counts[i] - before.CountAt(bound))));

    /// <summary>
    /// The <paramref name="q"/>-quantile (0–1) as Prometheus' <c>histogram_quantile</c> estimates it:
    /// linear interpolation inside the bucket that holds rank q × count (the first bucket starts at
    /// 0); a rank in the +Inf bucket gives the largest finite bound. NaN without observations or
    /// without a +Inf bucket.
    /// </summary>
    public double Quantile(double q)
    {
        if (q is < 0 or > 1 || _upperBounds.Length < 2 || !HasInfBucket)
        {
            return double.NaN;
        }

        var counts = Monotonic();
        var observations = counts[^1];
        if (observations <= 0)
        {
            return double.NaN;
        }

        var rank = q * observations;
        var b = 0;
        while (b < counts.Length - 1 && counts[b] < rank)
        {
            b++;
        }

        if (b == counts.Length - 1)
        {
            return _upperBounds[^2];
        }

        if (b == 0 && _upperBounds[0] <= 0)
        {
            return _upperBounds[0];
        }

        var bucketStart = b == 0 ? 0 : _upperBounds[b - 1];
        var below = b == 0 ? 0 : counts[b - 1];
        return bucketStart + ((_upperBounds[b] - bucketStart) * ((rank - below) / (counts[b] - below)));
    }

    private double CountAt(double upperBound)
    {
        var i = Array.IndexOf(_upperBounds, upperBound);
        return i < 0 ? 0 : _counts[i];
    }

    // As histogram_quantile does: a bucket read a moment before its neighbour may be behind it; cumulative counts never fall.
    private double[] Monotonic()
    {
        var counts = (double[])_counts.Clone();
        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] = Math.Max(counts[i], counts[i - 1]);
        }

        return counts;
    }
}
