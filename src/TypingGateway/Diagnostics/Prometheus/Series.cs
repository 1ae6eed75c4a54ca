namespace TypingGateway.Diagnostics.Prometheus;

/// <summary>One tag set of an instrument and its aggregate. Guarded by the owning state's lock.</summary>
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

    public double Value { get; set; }

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
        _count++;
        _sum += value;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (value <= buckets[i])
            {
                _bucketCounts[i]++;
                break;
            }
        }
    }

    public void WriteHistogram(TextWriter writer, string name, double[] buckets)
    {
        long cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += _bucketCounts[i];
            writer.Write(name);
            writer.Write("_bucket");
            PrometheusText.WriteLabels(writer, Tags, PrometheusText.FormatValue(buckets[i]));
            writer.Write($" {cumulative}\n");
        }

        writer.Write(name);
        writer.Write("_bucket");
        PrometheusText.WriteLabels(writer, Tags, "+Inf");
        writer.Write($" {_count}\n");
        writer.Write(name);
        writer.Write("_sum");
        PrometheusText.WriteLabels(writer, Tags, null);
        writer.Write($" {PrometheusText.FormatValue(_sum)}\n");
        writer.Write(name);
        writer.Write("_count");
        PrometheusText.WriteLabels(writer, Tags, null);
        writer.Write($" {_count}\n");
    }
}
