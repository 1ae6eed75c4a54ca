using TypingGateway.Protocols;
using TypingGateway.Auth;
using TypingGateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace TypingGateway.Proxy;

/// <summary>
/// The checks the gateway adds to YARP's own config validation: things YARP accepts but that
/// would only fail at request time (an unknown cluster, an address that is not a URL) and the
/// gateway's own route metadata.
/// </summary>
internal static class ProxyConfigRules
{
    public static List<string> ValidateCluster(ClusterConfig cluster)
    {
        var errors = new List<string>();
        foreach (var (destinationId, destination) in cluster.Destinations ?? new Dictionary<string, DestinationConfig>())
        {
            CheckUrl(errors, cluster.ClusterId, destinationId, "Address", destination.Address);
            CheckUrl(errors, cluster.ClusterId, destinationId, "Health", destination.Health);
        }

        return errors;
    }

    public static List<string> ValidateRoute(
        RouteConfig route,
        bool clusterDefined,
        IReadOnlyCollection<string> definedClusters,
        IReadOnlyList<string> typingProfiles,
        IReadOnlyList<string>? upstreams = null,
        bool hasTicketKeys = false,
        IReadOnlyList<string>? rateLimitPolicies = null)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(route.ClusterId))
        {
            errors.Add($"Route '{route.RouteId}' has no ClusterId.");
        }
        else if (!clusterDefined)
        {
            errors.Add($"Route '{route.RouteId}': ClusterId '{route.ClusterId}' does not name a defined cluster (defined clusters: {List(definedClusters)}).");
        }

        if (route.Metadata?.TryGetValue(RouteMetadataKeys.TypingProfile, out var profile) == true
            && !typingProfiles.Contains(profile, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Route '{route.RouteId}': metadata {RouteMetadataKeys.TypingProfile} '{profile}' does not name a typing profile (known profiles: {List(typingProfiles)}).");
        }

        if (route.Metadata?.TryGetValue(RouteMetadataKeys.TypingRequest, out var request) == true)
        {
            if (RequestSignal(request) is null)
            {
                errors.Add($"Route '{route.RouteId}': metadata {RouteMetadataKeys.TypingRequest} '{request}' must be Start, Stop or Message.");
            }

            if (route.Metadata.GetValueOrDefault(RouteMetadataKeys.TypingProfile) is null)
            {
                errors.Add($"Route '{route.RouteId}': metadata {RouteMetadataKeys.TypingRequest} needs a {RouteMetadataKeys.TypingProfile} on the route (it supplies the guest key and timings).");
            }
        }

        if (route.Metadata?.TryGetValue(RouteMetadataKeys.Mode, out var mode) == true && RouteMode.ParseShadow(mode) is null)
        {
            errors.Add($"Route '{route.RouteId}': metadata {RouteMetadataKeys.Mode} '{mode}' must be {RouteMode.EnforceValue} or {RouteMode.ShadowValue}.");
        }

        RouteCredentials.Validate(route, upstreams ?? [], hasTicketKeys, errors);
        WebSocketGuardSettings.Validate(route, rateLimitPolicies ?? [], errors);
        AllowedOrigins.Validate(route, errors);

        return errors;
    }

    /// <summary>The signal a route's <c>TypingRequest</c> metadata names; null when it names none.</summary>
    public static TypingSignalKind? RequestSignal(string? value) => value switch
    {
        _ when string.Equals(value, nameof(TypingSignalKind.Start), StringComparison.OrdinalIgnoreCase) => TypingSignalKind.Start,
        _ when string.Equals(value, nameof(TypingSignalKind.Stop), StringComparison.OrdinalIgnoreCase) => TypingSignalKind.Stop,
        _ when string.Equals(value, nameof(TypingSignalKind.Message), StringComparison.OrdinalIgnoreCase) => TypingSignalKind.Message,
        _ => null,
    };

    private static void CheckUrl(List<string> errors, string clusterId, string destinationId, string field, string? value)
    {
        // A missing Address is reported by YARP itself; a missing Health address is allowed.
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Cluster '{clusterId}', destination '{destinationId}': {field} '{value}' is not an absolute http:// or https:// URL.");
        }
    }

    private static string List(IEnumerable<string> names)
    {
        var joined = string.Join(", ", names);
        return joined.Length == 0 ? "none" : joined;
    }
}
