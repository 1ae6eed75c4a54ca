using System.Text.RegularExpressions;

namespace TypingGateway.Simulator.Tests.Infrastructure;

/// <summary>
/// Replaces the random and time parts of a frame with placeholders, so a whole frame (every field
/// and its order) is asserted with one string comparison.
/// </summary>
internal static partial class FrameText
{
    public static string Normalize(string frame) =>
        IsoTime().Replace(Uuid().Replace(frame, "<uuid>"), "<iso>");

    /// <summary>Replaces only the uuids, for frames whose times come from a fake clock.</summary>
    public static string NormalizeIds(string frame) => Uuid().Replace(frame, "<uuid>");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")]
    private static partial Regex IsoTime();
}
