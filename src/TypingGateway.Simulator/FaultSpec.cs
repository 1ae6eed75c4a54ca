namespace TypingGateway.Simulator;

/// <summary>
/// A fault applied to the next <paramref name="Count"/> matching requests or frames: first
/// <paramref name="LatencyMs"/>, then either a dropped connection or the error <paramref name="Status"/>.
/// </summary>
/// <param name="Scope"><see cref="HttpScope"/>, <see cref="WsScope"/> or <see cref="AnyScope"/>.</param>
/// <param name="Count">How many matching requests or frames the fault applies to.</param>
/// <param name="Status">429, 500, 502 or 503; null for latency or drop only.</param>
/// <param name="RetryAfterSeconds">Retry-After (HTTP 429/503) and <c>retryAfter</c> (WebSocket frames).</param>
/// <param name="LatencyMs">Delay before the fault (or before normal processing, when alone).</param>
/// <param name="Drop">Abort the connection instead of answering.</param>
public sealed record FaultSpec(
    string Scope = FaultSpec.AnyScope,
    int Count = 1,
    int? Status = null,
    int RetryAfterSeconds = 3,
    int LatencyMs = 0,
    bool Drop = false)
{
    /// <summary>
    /// Every HTTP request outside <c>/_sim</c> that is not a WebSocket upgrade: the token endpoint, the REST typing
    /// endpoint, the rest of <c>/api/v2/</c>, echo and 404s alike. Scopes do not select paths: armed faults are
    /// consumed oldest first by whichever matching request arrives next.
    /// </summary>
    public const string HttpScope = "http";

    /// <summary>Inbound frames on every WebSocket endpoint.</summary>
    public const string WsScope = "ws";

    /// <summary>Both HTTP requests and WebSocket frames.</summary>
    public const string AnyScope = "any";
}
