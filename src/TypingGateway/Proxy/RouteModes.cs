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

    /// <summary>The mode object of <paramref name="route"/>, brought up to date with the route's metadata.</summary>
    public RouteMode For(RouteConfig route)
    {
        var shadow = IsShadow(route);
        var mode = _modes.GetOrAdd(route.RouteId, static (id, s) => new RouteMode(id, s), shadow);
        mode.IsShadow = shadow;
        return mode;
    }

    /// <summary>The mode object of a route id (enforce until the route's configuration says otherwise).</summary>
    public RouteMode For(string routeId) => _modes.GetOrAdd(routeId, static id => new RouteMode(id, shadow: false));

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
    {
        foreach (var config in proxyConfigs)
        {
            foreach (var route in config.Routes)
            {
                if (_modes.TryGetValue(route.RouteId, out var mode))
                {
                    mode.IsShadow = IsShadow(route);
                }
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
