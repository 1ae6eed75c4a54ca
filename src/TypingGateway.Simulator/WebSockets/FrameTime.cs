using System.Globalization;

namespace TypingGateway.Simulator.WebSockets;

/// <summary>The timestamp format both vendors use in frames: UTC with milliseconds and a literal Z.</summary>
internal static class FrameTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
