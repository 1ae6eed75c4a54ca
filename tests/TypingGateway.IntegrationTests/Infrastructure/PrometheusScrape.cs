using System.Globalization;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Reads sample values out of Prometheus text the way a dashboard query would.</summary>
public static class PrometheusScrape
{
    public static double Sum(string exposition, string name, params (string Label, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[name.Length..];
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue; // another metric whose name starts with this one
            }

            if (labels.All(l => rest.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
