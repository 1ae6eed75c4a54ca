using Microsoft.AspNetCore.Routing;

namespace TypingGateway.Protocols;

/// <summary>
/// The request-level values a recogniser may key on (query, route values, headers). For a
/// WebSocket these are the upgrade request's, fixed for the connection's lifetime.
/// </summary>
internal sealed class TypingContext(Func<string, string?> query, Func<string, string?> routeValue, Func<string, string?> header)
{
    public static TypingContext Empty { get; } = new(_ => null, _ => null, _ => null);

    public string? Query(string name) => query(name);

    public string? RouteValue(string name) => routeValue(name);

    public string? Header(string name) => header(name);

    /// <summary>The request's method (HTTP profiles; the upgrade's for a WebSocket).</summary>
    public string? Method { get; init; }

    /// <summary>The request's path as the guest sent it.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// What every request on the route is, from its <c>TypingRequest</c> metadata (body-less typing calls); null when
    /// the body says.
    /// </summary>
    public TypingSignalKind? RequestSignal { get; init; }

    /// <summary>The key a recogniser built last for this connection or request, to reuse while the guest's frames name the same guest.</summary>
    internal TypingKeyCache KeyCache => _keyCache ??= new TypingKeyCache();

    private TypingKeyCache? _keyCache;

    public static TypingContext FromRequest(HttpRequest request, TypingSignalKind? requestSignal = null)
    {
        // Copied once: the upgrade request's collections are not meant to be read for the whole life of a socket.
        var queryValues = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var routeValues = request.RouteValues.ToDictionary(r => r.Key, r => r.Value?.ToString(), StringComparer.OrdinalIgnoreCase);
        var headers = request.Headers.ToDictionary(h => h.Key, h => (string?)h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new TypingContext(Lookup(queryValues), Lookup(routeValues), Lookup(headers))
        {
            Method = request.Method,
            Path = request.Path.Value,
            RequestSignal = requestSignal,
        };
    }

    private static Func<string, string?> Lookup(Dictionary<string, string?> values) =>
        name => values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
