namespace TypingGateway.Diagnostics.Prometheus;

/// <summary>One tag set of an instrument and its aggregate, updated atomically from any thread.</summary>
internal sealed class Series
{
    private readonly long[] _bucketCounts;
    private long _count;
    private double _sum;

    public Series(ReadOnlySpan<KeyValuePair<string, object?>> tags, int bucketCount)
    {
        Tags = tags.ToArray();
        Array.Sort(Tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        _bucketCounts = new long[bucketCount];
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double value) => AtomicAdd(ref _value, value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var own in Tags)
            {
                if (own.Key == tag.Key && Equals(own.Value, tag.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    public void Observe(double value, double[] buckets)
    {
        for (var i = 0; i < buckets.Length; i++)
        {
            if (value <= buckets[i])
            {
                Interlocked.Increment(ref _bucketCounts[i]);
                break;
            }
        }

        AtomicAdd(ref _sum, value);
        Interlocked.Increment(ref _count);
    }

    public void WriteHistogram(TextWriter writer, string name, double[] buckets)
    {
        long cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += Volatile.Read(ref _bucketCounts[i]);
            writer.Write(name);
            writer.Write("_bucket");
            PrometheusText.WriteLabels(writer, Tags, PrometheusText.FormatValue(buckets[i]));
            writer.Write($" {cumulative}\n");
        }

        // Read after the buckets: an observation counts its bucket first, so +Inf is never below them.
        var count = Math.Max(Volatile.Read(ref _count), cumulative);
        writer.Write(name);
        writer.Write("_bucket");
        PrometheusText.WriteLabels(writer, Tags, "+Inf");
        writer.Write($" {count}\n");
        writer.Write(name);
        writer.Write("_sum");
        PrometheusText.WriteLabels(writer, Tags, null);
        writer.Write($" {PrometheusText.FormatValue(Volatile.Read(ref _sum))}\n");
        writer.Write(name);
        writer.Write("_count");
        PrometheusText.WriteLabels(writer, Tags, null);
        writer.Write($" {count}\n");
    }

    private static void AtomicAdd(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);

            // Compared as bits: NaN never equals itself, and a NaN total must not spin forever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
