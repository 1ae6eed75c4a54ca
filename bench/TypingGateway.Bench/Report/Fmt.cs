using System.Globalization;

namespace TypingGateway.Bench.Report;

/// <summary>Number formats of the report (invariant culture), and JSON-safe rounding.</summary>
internal static class Fmt
{
    public static string Int(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    public static string Ms(double value) => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "n/a";

    /// <summary>Three decimals: a 3 % goal (0.97×) must not read as met or missed by the rounding of its median.</summary>
    /// <summary>A share (0.37) as a percentage with one decimal (37.0 %).</summary>
    public static string Percent(double value) => double.IsFinite(value) ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    public static string FineRatio(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) + "×" : "n/a";

    public static string Bytes(double value) => double.IsFinite(value) ? (value / 1024).ToString("N1", CultureInfo.InvariantCulture) + " KiB" : "n/a";

    public static string Nanoseconds(double value) => double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) + " ns" : "n/a";

    public static string ByteCount(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) + " B" : "n/a";

    /// <summary>Rounded for JSON; NaN/∞ (nothing measured) become null.</summary>
    public static double? Json(double value, int digits = 3) => double.IsFinite(value) ? Math.Round(value, digits) : null;
}
