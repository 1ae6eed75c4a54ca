using System.Text;

namespace TypingGateway.Bench.Load;

/// <summary>Guest frames as the Genesys Web Messaging SDK sends them (protocols.md §1.2).</summary>
internal static class GenesysGuestFrames
{
    public static byte[] ConfigureSession(string token, string deploymentId) => Encoding.UTF8.GetBytes(
        $$$"""{"token":"{{{token}}}","deploymentId":"{{{deploymentId}}}","startNew":false,"action":"configureSession"}""");

    public static byte[] Typing(string token) => Encoding.UTF8.GetBytes(
        $$$"""{"token":"{{{token}}}","tracingId":"typing","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""");

    /// <summary>A text message whose text and tracingId both carry <paramref name="marker"/>: the platform's echo and its error frames can be matched to it.</summary>
    public static byte[] Text(string token, string marker) => Encoding.UTF8.GetBytes(
        $$$"""{"token":"{{{token}}}","message":{"text":"hello from {{{marker}}}","type":"Text"},"tracingId":"{{{marker}}}","action":"onMessage"}""");
}
