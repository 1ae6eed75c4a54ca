using TypingGateway.Auth;
using TypingGateway.Configuration;
using TypingGateway.RateLimiting;
using TypingGateway.Typing;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Proxy;

/// <summary>
/// Runs <see cref="ProxyConfigRules"/> inside YARP's config pipeline. YARP collects what a filter
/// throws together with its own validation errors, fails the initial load with all of them, and
/// on a reload logs them and keeps the previous config.
/// </summary>
internal sealed class GatewayProxyConfigFilter(IConfiguration configuration) : IProxyConfigFilter
{
    private const string ClustersSection = "ReverseProxy:Clusters";

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var errors = ProxyConfigRules.ValidateCluster(cluster);
        return errors.Count == 0 ? ValueTask.FromResult(cluster) : throw new GatewayConfigurationException(errors);
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        // YARP passes a null cluster both when the id is unknown and when the cluster itself failed
        // validation; the config tells the two apart so only the first is reported here.
        var definedClusters = configuration.GetSection(ClustersSection).GetChildren().Select(c => c.Key).ToList();
        var clusterDefined = cluster is not null
            || definedClusters.Contains(route.ClusterId ?? string.Empty, StringComparer.OrdinalIgnoreCase);

        var errors = ProxyConfigRules.ValidateRoute(
            route,
            clusterDefined,
            definedClusters,
            TypingProfiles.Known(configuration),
            CredentialsConfigFactory.UpstreamNames(configuration),
            CredentialsConfigFactory.HasTicketKeys(configuration),
            RateLimitPolicyFactory.Names(configuration));
        return errors.Count == 0 ? ValueTask.FromResult(route) : throw new GatewayConfigurationException(errors);
    }
}
