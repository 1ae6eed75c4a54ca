using System.Globalization;
using System.Text;

namespace TypingGateway.Bench.Hosting;

/// <summary>
/// Reads the gateway's <c>/metrics</c> (Prometheus text): sums of samples by name and label filter,
/// and histogram buckets by label. A scrape of several instances holds all their samples, so its
/// sums and buckets are over the instances.
/// </summary>
internal sealed class MetricsScrape(string exposition)
{
    public static async Task<MetricsScrape> ReadAsync(HttpClient http, Uri gateway, CancellationToken cancellationToken) =>
        new(await http.GetStringAsync(new Uri(gateway, "metrics"), cancellationToken));

    /// <summary>One scrape of every instance in <paramref name="gateways"/>, read one after the other.</summary>
    public static async Task<MetricsScrape> ReadAsync(HttpClient http, IEnumerable<Uri> gateways, CancellationToken cancellationToken)
    {
        var expositions = new List<string>();
        foreach (var gateway in gateways)
        {
            expositions.Add(await http.GetStringAsync(new Uri(gateway, "metrics"), cancellationToken));
        }

        return new MetricsScrape(string.Join('\n', expositions));
    }

    /// <summary>Sum of the samples of metric <paramref name="name"/> whose label set passes <paramref name="labels"/> (all when null).</summary>
    public double Sum(string name, Func<string, bool>? labels = null) =>
        Samples(name).Where(s => labels is null || labels(s.Labels)).Sum(s => s.Value);

    /// <summary>
    /// The buckets of histogram <paramref name="name"/> (its <c>_bucket</c> samples) by the value of
    /// <paramref name="label"/> (empty when a series has none); series with the same value and bound
    /// (other labels, other instances) are added.
    /// </summary>
    public IReadOnlyDictionary<string, HistogramBuckets> Histograms(string name, string label)
    {
        var byValue = new Dictionary<string, Dictionary<double, double>>(StringComparer.Ordinal);
        foreach (var (labels, value) in Samples(name + "_bucket"))
        {
            if (LabelValue(labels, "le") is not { } le)
            {
                continue;
            }

            var key = LabelValue(labels, label) ?? "";
            if (!byValue.TryGetValue(key, out var counts))
            {
                counts = [];
                byValue[key] = counts;
            }

            var bound = ParseValue(le);
            counts[bound] = counts.GetValueOrDefault(bound) + value;
        }

        return byValue.ToDictionary(p => p.Key, p => new HistogramBuckets(p.Value), StringComparer.Ordinal);
    }

    /// <summary>The value of <paramref name="label"/> in a label set such as <c>{operation="typing.start",le="0.001"}</c>, unescaped; null when absent.</summary>
    public static string? LabelValue(string labelSet, string label)
    {
        var needle = label + "=\"";
        for (var at = labelSet.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = labelSet.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || labelSet[at - 1] is not ('{' or ','))
            {
                continue; // the tail of a longer label name, or inside a value
            }

            var value = new StringBuilder();
            for (var i = at + needle.Length; i < labelSet.Length; i++)
            {
                switch (labelSet[i])
                {
                    case '"':
                        return value.ToString();
                    case '\\' when i + 1 < labelSet.Length:
                        i++;
                        value.Append(labelSet[i] == 'n' ? '\n' : labelSet[i]);
                        break;
                    default:
                        value.Append(labelSet[i]);
                        break;
                }
            }

            return null; // unterminated
        }

        return null;
    }

    /// <summary>The samples of metric <paramref name="name"/>: label set (empty when none) and value; other lines are not parsed.</summary>
    private IEnumerable<(string Labels, double Value)> Samples(string name)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length <= name.Length || line[0] == '#' || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var labels = "";
            var valueStart = name.Length;
            if (line[name.Length] == '{')
            {
                var close = LabelSetEnd(line, name.Length);
                if (close < 0)
                {
                    continue;
                }

                labels = line[name.Length..(close + 1)];
                valueStart = close + 1;
            }

            if (valueStart >= line.Length || line[valueStart] != ' ')
            {
                continue; // another metric whose name starts with this one
            }

            // The value, then an optional timestamp.
            yield return (labels, ParseValue(line[valueStart..].Trim().Split(' ')[0]));
        }
    }

    // The '}' closing the label set that opens at 'open': label values may hold braces (routes such as "/echo/{**catch-all}") and escaped quotes.
    private static int LabelSetEnd(string line, int open)
    {
        var quoted = false;
        for (var i = open + 1; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '}' when !quoted:
                    return i;
            }
        }

        return -1;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
