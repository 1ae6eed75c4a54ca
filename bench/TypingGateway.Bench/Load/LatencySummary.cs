using System.Diagnostics;

namespace TypingGateway.Bench.Load;

/// <summary>Count, rate and percentiles of one measured round.</summary>
internal readonly record struct LatencySummary(long Count, double PerSecond, double P50Ms, double P99Ms)
{
    public static LatencySummary From(IEnumerable<LatencySample> samples, TimeSpan elapsed)
    {
        var all = samples.SelectMany(s => s.Ticks).ToArray();
        Array.Sort(all);
        return new LatencySummary(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
