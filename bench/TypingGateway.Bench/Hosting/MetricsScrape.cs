using System.Globalization;

namespace TypingGateway.Bench.Hosting;

/// <summary>Reads the gateway's <c>/metrics</c> (Prometheus text): sums of samples by name and label filter.</summary>
internal sealed class MetricsScrape(string exposition)
{
    public static async Task<MetricsScrape> ReadAsync(HttpClient http, Uri gateway, CancellationToken cancellationToken) =>
        new(await http.GetStringAsync(new Uri(gateway, "metrics"), cancellationToken));

    public static async Task<double> SumAsync(HttpClient http, IEnumerable<Uri> gateways, string name, Func<string, bool>? labels, CancellationToken cancellationToken)
    {
        var total = 0.0;
        foreach (var gateway in gateways)
        {
            total += (await ReadAsync(http, gateway, cancellationToken)).Sum(name, labels);
        }

        return total;
    }

    /// <summary>Sum of the samples of metric <paramref name="name"/> whose label set passes <paramref name="labels"/> (all when null).</summary>
    public double Sum(string name, Func<string, bool>? labels = null)
    {
        var total = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line.AsSpan(name.Length);
            var labelSet = "";
            if (rest.Length > 0 && rest[0] == '{')
            {
                var close = rest.IndexOf('}');
                labelSet = rest[..(close + 1)].ToString();
                rest = rest[(close + 1)..];
            }

            if (rest.Length == 0 || rest[0] != ' ' || (labels is not null && !labels(labelSet)))
            {
                continue; // another metric whose name starts with this one, or filtered out
            }

            total += double.Parse(rest.Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return total;
    }
}
