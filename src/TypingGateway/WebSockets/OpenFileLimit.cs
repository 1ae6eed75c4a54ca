using System.Globalization;

namespace TypingGateway.WebSockets;

/// <summary>The process's open-file soft limit (<c>ulimit -n</c>), read where the platform publishes it.</summary>
internal static class OpenFileLimit
{
    /// <summary>Linux publishes the process's resource limits here; other systems have no such file.</summary>
    public const string LimitsFile = "/proc/self/limits";

    private const string Row = "Max open files";

    /// <summary>The soft limit, or null where it is unknown or unlimited.</summary>
    public static long? ReadSoftLimit()
    {
        try
        {
            return File.Exists(LimitsFile) ? Parse(File.ReadAllText(LimitsFile)) : null;
        }
        catch (IOException)
        {
            return null; // no limit known: no default cap, as on systems without the file
        }
    }

    /// <summary>The soft limit in a <c>/proc/&lt;pid&gt;/limits</c> text: the row's first number, or null for "unlimited".</summary>
    public static long? Parse(string limits)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (line.StartsWith(Row, StringComparison.Ordinal))
            {
                var columns = line[Row.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return columns.Length > 0 && long.TryParse(columns[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }

        return null;
    }
}
