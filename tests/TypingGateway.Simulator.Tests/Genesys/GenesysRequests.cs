namespace TypingGateway.Simulator.Tests.Genesys;

/// <summary>Guest frames as the Genesys SDK serializes them (protocols.md §1.2).</summary>
internal static class GenesysRequests
{
    public const string GuestPath = "v1?deploymentId=dep-1";

    public static string ConfigureFrame(string token, string? tracingId = null) =>
        $$$"""{"token":"{{{token}}}","deploymentId":"dep-1","startNew":false{{{Tracing(tracingId)}}},"action":"configureSession"}""";

    public static string TextFrame(string token, string text, string? tracingId = null) =>
        $$$"""{"token":"{{{token}}}","message":{"text":"{{{text}}}","type":"Text"}{{{Tracing(tracingId)}}},"action":"onMessage"}""";

    public static string TypingFrame(string token, string? tracingId = null) =>
        $$$"""{"token":"{{{token}}}"{{{Tracing(tracingId)}}},"action":"onMessage","message":{"events":[{"eventType":"Typing","typing":{"type":"On"}}],"type":"Event"}}""";

    public static string PresenceFrame(string token) =>
        $$$"""{"token":"{{{token}}}","action":"onMessage","message":{"events":[{"eventType":"Presence","presence":{"type":"Join"}}],"type":"Event"}}""";

    public static string EchoFrame(string token, string tracingId) =>
        $$$"""{"token":"{{{token}}}","tracingId":"{{{tracingId}}}","action":"echo","message":{"text":"ping","type":"Text"}}""";

    public static string ActionFrame(string token, string action, string? tracingId = null) =>
        $$$"""{"token":"{{{token}}}"{{{Tracing(tracingId)}}},"action":"{{{action}}}"}""";

    public const string SessionResponseNew = """{"type":"response","class":"SessionResponse","code":200,"body":{"connected":true,"newSession":true}}""";
    public const string SessionResponseExisting = """{"type":"response","class":"SessionResponse","code":200,"body":{"connected":true,"newSession":false}}""";
    public const string TooManyRequests = """{"type":"response","class":"TooManyRequestsErrorMessage","code":429,"body":{"retryAfter":3,"errorCode":4029,"errorMessage":"Message rate too high for this session"}}""";
    public const string RequestFailed = """{"type":"response","class":"string","code":400,"body":"Request failed."}""";
    public const string InboundEcho = """{"type":"message","class":"StructuredMessage","code":200,"body":{"text":"{0}","direction":"Inbound","id":"<uuid>","channel":{"time":"<iso>","messageId":"<uuid>"},"type":"Text","metadata":{"correlationId":"<uuid>"}}}""";
    public const string AgentTyping = """{"type":"message","class":"StructuredMessage","code":200,"body":{"direction":"Outbound","id":"<uuid>","channel":{"time":"<iso>","messageId":"<uuid>"},"type":"Event","metadata":{"correlationId":"<uuid>"},"events":[{"eventType":"Typing","typing":{"type":"On","duration":5000}}]}}""";
    public const string AgentReply = """{"type":"message","class":"StructuredMessage","code":200,"body":{"text":"{0}","direction":"Outbound","id":"<uuid>","channel":{"time":"<iso>","type":"Private"},"type":"Text","originatingEntity":"Bot","metadata":{"correlationId":"<uuid>"}}}""";

    public static string EchoOf(string text) => InboundEcho.Replace("{0}", text, StringComparison.Ordinal);

    public static string ReplyOf(string text) => AgentReply.Replace("{0}", text, StringComparison.Ordinal);

    private static string Tracing(string? tracingId) => tracingId is null ? "" : ",\"tracingId\":\"" + tracingId + "\"";
}
