using Microsoft.AspNetCore.WebUtilities;

namespace TypingGateway.Protocols;

/// <summary>
/// The request-level values a recogniser may key on (query, route values, headers). For a
/// WebSocket these are the upgrade request's, fixed for the connection's lifetime.
/// </summary>
/// <remarks>
/// A context copied from a request (<see cref="FromRequest"/>) holds its values in three small arrays searched by
/// name: it lives as long as the guest's socket, and an idle socket should cost little. Only the headers the
/// route's recogniser reads are copied (<see cref="ITypingRecognizer.HeaderNames"/>).
/// </remarks>
internal sealed class TypingContext
{
    private readonly Func<string, string?>? _query;
    private readonly Func<string, string?>? _routeValue;
    private readonly Func<string, string?>? _header;
    private readonly KeyValuePair<string, string>[] _queryValues = [];
    private readonly KeyValuePair<string, string>[] _routeValues = [];
    private readonly KeyValuePair<string, string>[] _headerValues = [];

    /// <summary>A context answering through the given lookups (tests and tools; requests use <see cref="FromRequest"/>).</summary>
    public TypingContext(Func<string, string?> query, Func<string, string?> routeValue, Func<string, string?> header)
    {
        _query = query;
        _routeValue = routeValue;
        _header = header;
    }

    private TypingContext(KeyValuePair<string, string>[] query, KeyValuePair<string, string>[] routeValues, KeyValuePair<string, string>[] headers)
    {
        _queryValues = query;
        _routeValues = routeValues;
        _headerValues = headers;
    }

    public static TypingContext Empty { get; } = new(_ => null, _ => null, _ => null);

    /// <summary>The query parameter's value (several occurrences joined by commas, as ASP.NET Core reads them); null when absent or empty.</summary>
    public string? Query(string name) => _query is not null ? _query(name) : Find(_queryValues, name);

    public string? RouteValue(string name) => _routeValue is not null ? _routeValue(name) : Find(_routeValues, name);

    /// <summary>The header's value, when the recogniser declared it among its <see cref="ITypingRecognizer.HeaderNames"/>.</summary>
    public string? Header(string name) => _header is not null ? _header(name) : Find(_headerValues, name);

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

    /// <summary>
    /// Copies what a recogniser may read from the request, once: the upgrade request's collections are not meant to
    /// be read for the whole life of a socket. Headers are copied only when named in <paramref name="headerNames"/>.
    /// </summary>
    public static TypingContext FromRequest(HttpRequest request, TypingSignalKind? requestSignal = null, IReadOnlyList<string>? headerNames = null) =>
        new(CopyQuery(request.QueryString.Value), CopyRouteValues(request.RouteValues), CopyHeaders(request.Headers, headerNames))
        {
            Method = request.Method,
            Path = request.Path.Value,
            RequestSignal = requestSignal,
        };

    private static string? Find(KeyValuePair<string, string>[] values, string name)
    {
        foreach (var (key, value) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }

    /// <summary>Decoded as ASP.NET Core's query collection decodes it, names compared ignoring case, repeats joined by commas (empty ones skipped).</summary>
    private static KeyValuePair<string, string>[] CopyQuery(string? queryString)
    {
        if (string.IsNullOrEmpty(queryString))
        {
            return [];
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var pair in new QueryStringEnumerable(queryString))
        {
            var name = pair.DecodeName().ToString();
            var value = pair.DecodeValue().ToString();
            var existing = IndexOf(values, name);
            if (existing < 0)
            {
                values.Add(new(name, value));
            }
            else
            {
                // As StringValues.ToString(): empty occurrences add nothing.
                var joined = values[existing].Value;
                joined = joined.Length == 0 ? value : value.Length == 0 ? joined : joined + "," + value;
                values[existing] = new(values[existing].Key, joined);
            }
        }

        return [.. values];
    }

    private static int IndexOf(List<KeyValuePair<string, string>> values, string name)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static KeyValuePair<string, string>[] CopyRouteValues(RouteValueDictionary routeValues)
    {
        if (routeValues.Count == 0)
        {
            return [];
        }

        var values = new List<KeyValuePair<string, string>>(routeValues.Count);
        foreach (var (name, value) in routeValues)
        {
            if (value?.ToString() is { } text)
            {
                values.Add(new(name, text));
            }
        }

        return [.. values];
    }

    private static KeyValuePair<string, string>[] CopyHeaders(IHeaderDictionary headers, IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return [];
        }

        var values = new List<KeyValuePair<string, string>>(names.Count);
        foreach (var name in names)
        {
            if (headers.TryGetValue(name, out var value))
            {
                values.Add(new(name, value.ToString()));
            }
        }

        return [.. values];
    }
}
