namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Guest frames exactly as the Genesys SDK serializes them (protocols.md §1.2).</summary>
public static class GenesysFrames
{
    public static string ConfigureSession(string token, string deploymentId) =>
        $$$"""{"token":"{{{token}}}","deploymentId":"{{{deploymentId}}}","startNew":false,"action":"configureSession"}""";

    public static string Typing(string token, int n) =>
        $$$"""{"token":"{{{token}}}","tracingId":"typing-{{{n}}}","action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";

    public static string Text(string token, string text, int n) =>
        $$$"""{"token":"{{{token}}}","message":{"text":"{{{text}}}","type":"Text"},"tracingId":"text-{{{n}}}","action":"onMessage"}""";
}
