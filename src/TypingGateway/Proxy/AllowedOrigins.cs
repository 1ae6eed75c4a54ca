using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Proxy;

/// <summary>
/// A route's <c>AllowedOrigins</c>: the origins whose pages may use it. Origins compare as RFC 6454 says: scheme,
/// host and port, the host without regard to case and the port made explicit (<c>https://a.example</c> is
/// <c>https://a.example:443</c>).
/// </summary>
internal sealed class AllowedOrigins
{
    private readonly HashSet<string> _origins;

    private AllowedOrigins(HashSet<string> origins) => _origins = origins;

    /// <summary>The route's allowed origins; entries that are not origins allow nothing (config validation reports them).</summary>
    public static AllowedOrigins From(RouteConfig route)
    {
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries(route.Metadata?.GetValueOrDefault(RouteMetadataKeys.AllowedOrigins)))
        {
            if (Canonical(entry) is { } origin)
            {
                origins.Add(origin);
            }
        }

        return new AllowedOrigins(origins);
    }

    /// <summary>Whether an <c>Origin</c> header value names one of the allowed origins.</summary>
    public bool Allows(string? origin) => Canonical(origin) is { } canonical && _origins.Contains(canonical);

    /// <summary>Checks the route's <c>AllowedOrigins</c> metadata, one error per bad entry.</summary>
    public static void Validate(RouteConfig route, List<string> errors)
    {
        if (route.Metadata?.TryGetValue(RouteMetadataKeys.AllowedOrigins, out var value) != true)
        {
            return;
        }

        var prefix = $"Route '{route.RouteId}': metadata {RouteMetadataKeys.AllowedOrigins}";
        var entries = Entries(value);
        if (entries.Length == 0)
        {
            errors.Add($"{prefix} '{value}' names no origin; remove the key to allow every origin.");
            return;
        }

        foreach (var entry in entries.Where(e => Canonical(e) is null))
        {
            errors.Add($"{prefix} entry '{entry}' must be scheme://host[:port] with scheme http or https, and no path, query or wildcard.");
        }
    }

    private static string[] Entries(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary><c>scheme://host:port</c> in lower case, or null when <paramref name="value"/> is not exactly an http(s) origin.</summary>
    private static string? Canonical(string? value)
    {
        // An origin is exactly scheme://host[:port] (RFC 6454 §6.1): a path, even "/", means the value is a URL, not an
        // origin; browsers send "null" for sandboxed and file:// pages, which no entry can allow.
        if (string.IsNullOrEmpty(value)
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0
            || uri.PathAndQuery != "/"
            || uri.Fragment.Length > 0
            || value.EndsWith('/')
            || value.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        return uri.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.UriEscaped).ToLowerInvariant();
    }
}
