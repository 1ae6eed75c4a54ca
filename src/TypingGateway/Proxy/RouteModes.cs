using System.Collections.Concurrent;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Proxy;

/// <summary>
/// The <see cref="RouteMode"/> of every route, by route id. YARP tells it each configuration it applies (hot reload), so
/// open connections see a route switched between shadow and enforce without reconnecting.
/// </summary>
internal sealed class RouteModes : IConfigChangeListener
{
    private readonly ConcurrentDictionary<string, RouteMode> _modes = new(StringComparer.Ordinal);

    /// <summary>
    /// The mode object of <paramref name="route"/>. Only an applied configuration changes a mode
    /// (<see cref="ConfigurationApplied"/>): a request still carrying the route as it was before a reload must not switch
    /// the route back; a route not seen yet starts with its metadata's mode.
    /// </summary>
    public RouteMode For(RouteConfig route) =>
        _modes.TryGetValue(route.RouteId, out var mode) ? mode : _modes.GetOrAdd(route.RouteId, static (id, r) => new RouteMode(id, IsShadow(r)), route);

    /// <summary>The mode object of a route id (enforce until the route's configuration says otherwise).</summary>
    public RouteMode For(string routeId) => _modes.GetOrAdd(routeId, static id => new RouteMode(id, shadow: false));

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs)
        {
            foreach (var route in config.Routes)
            {
                _modes.GetOrAdd(route.RouteId, static id => new RouteMode(id, shadow: false)).IsShadow = IsShadow(route);
            }
        }
    }

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
    }

    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
    {
    }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
    }

    // Validated with the configuration (ProxyConfigRules): an invalid value never gets applied.
    private static bool IsShadow(RouteConfig route) => RouteMode.ParseShadow(route.Metadata?.GetValueOrDefault(RouteMetadataKeys.Mode)) == true;
}
