using TypingGateway.Proxy;

namespace TypingGateway.Typing.Http;

/// <summary>
/// The upstream request a forwarded typing start became (after route transforms), to send its stop the same way; the
/// route it came through says whether the stop is sent (enforce) or only counted (shadow).
/// </summary>
internal sealed record TypingStopRequest(
    Uri Uri, HttpMethod Method, string? MediaType, IReadOnlyList<KeyValuePair<string, string[]>> Headers, byte[] StopBody, string? Upstream = null, RouteMode? Route = null);
