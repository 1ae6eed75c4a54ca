namespace TypingGateway.Bench.Report;

/// <summary>
/// One figure over the runs of <c>--repeat N</c>: the median is what is reported and judged, min–max
/// shows how far a run can land from it, so a 2 % goal can be told from noise. Runs that could not
/// measure the figure (NaN, ∞) are left out.
/// </summary>
internal readonly record struct Spread(double Median, double Min, double Max, int Runs)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>(max − min) / median: the width of the spread relative to the figure (0 for one run).</summary>
    public double Relative => Runs == 0 || Median == 0 ? double.NaN : (Max - Min) / Math.Abs(Median);
}
