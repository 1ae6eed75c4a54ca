using System.Globalization;
using System.Text;

namespace TypingGateway.Diagnostics.Prometheus;

/// <summary>Names, labels and values in the Prometheus text exposition format.</summary>
internal static class PrometheusText
{
    public static string MetricName(string instrumentName, string? unit, bool isCounter)
    {
        var name = Sanitize(instrumentName);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length > 0 && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    public static void WriteLabels(TextWriter writer, KeyValuePair<string, object?>[] tags, string? le)
    {
        if (tags.Length == 0 && le is null)
        {
            return;
        }

        writer.Write('{');
        var first = true;
        foreach (var tag in tags)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            writer.Write(Sanitize(tag.Key));
            writer.Write("=\"");
            writer.Write(EscapeLabelValue(InstrumentState.Format(tag.Value)));
            writer.Write('"');
        }

        if (le is not null)
        {
            writer.Write(first ? "le=\"" : ",le=\"");
            writer.Write(le);
            writer.Write('"');
        }

        writer.Write('}');
    }

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
