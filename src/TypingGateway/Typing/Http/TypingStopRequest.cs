namespace TypingGateway.Typing.Http;

/// <summary>The upstream request a forwarded typing start became (after route transforms), to send its stop the same way.</summary>
internal sealed record TypingStopRequest(Uri Uri, HttpMethod Method, string? MediaType, IReadOnlyList<KeyValuePair<string, string[]>> Headers, byte[] StopBody, string? Upstream = null);
