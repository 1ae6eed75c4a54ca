namespace TypingGateway.Proxy;

/// <summary>
/// Whether the gateway acts on a route's decisions (<c>Enforce</c>, the default) or only counts and traces them while
/// forwarding everything untouched (<c>Shadow</c>): route metadata <see cref="RouteMetadataKeys.Mode"/>. One object per
/// route id, shared by the route's requests and open WebSockets and updated in place when the configuration reloads, so a
/// switch reaches sockets that are already open at their next frame. Also the route's telemetry scope (its id and mode
/// tag every typing and rate-limit measurement).
/// </summary>
internal sealed class RouteMode
{
    public const string EnforceValue = "Enforce";
    public const string ShadowValue = "Shadow";

    /// <summary>Requests and collapsers outside any route (tests, benchmarks driving a collapser directly).</summary>
    public static RouteMode None { get; } = new(string.Empty, shadow: false);

    private volatile bool _shadow;

    public RouteMode(string routeId, bool shadow)
    {
        RouteId = routeId;
        _shadow = shadow;
    }

    public string RouteId { get; }

    /// <summary>True: decide and count, but forward every frame and request unchanged (no 202, drop, stop or error frame).</summary>
    public bool IsShadow
    {
        get => _shadow;
        internal set => _shadow = value;
    }

    /// <summary>The <c>mode</c> tag of measurements: <c>shadow</c> or <c>enforce</c>.</summary>
    public string Tag => _shadow ? "shadow" : "enforce";

    /// <summary>The mode a route's metadata value names: true for Shadow, false for Enforce or none, null when invalid.</summary>
    public static bool? ParseShadow(string? value) => value switch
    {
        null => false,
        _ when string.Equals(value, EnforceValue, StringComparison.OrdinalIgnoreCase) => false,
        _ when string.Equals(value, ShadowValue, StringComparison.OrdinalIgnoreCase) => true,
        _ => null,
    };
}
