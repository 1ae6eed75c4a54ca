using System.Threading.RateLimiting;
using TypingGateway.Diagnostics;
using TypingGateway.Proxy;
using TypingGateway.Typing.State;

namespace TypingGateway.RateLimiting;

/// <summary>
/// The partitions of HTTP routes' <c>RateLimiterPolicy</c>: the policy's partition value of the request
/// (route value, header, query, client IP), made safe for a Redis key, each with its <see cref="GcraRateLimiter"/>.
/// A request without the value is partitioned by its client IP, never left unlimited.
/// </summary>
internal sealed class HttpRateLimitPartitions(RateLimitPolicyCatalog catalog, IGcraStore store, TimeProvider time, GatewayMetrics metrics, RouteModes modes)
{
    private const string UnknownClient = "unknown";

    public RateLimitPartition<string> Get(string policyName, HttpContext context)
    {
        if (!catalog.TryGet(policyName, out var policy))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var value = policy.PartitionOf(context) ?? "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? UnknownClient);
        var partition = TypingKey.Create(policy.Name, value).Id;

        // The same shared budget on every route; the route's mode (read live) says whether a rejection is answered.
        var route = context.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>()?.Config is { } config ? modes.For(config) : RouteMode.None;
        var key = policy.Name + "|" + partition;
        return RateLimitPartition.Get(
            ReferenceEquals(route, RouteMode.None) ? key : key + "|" + route.RouteId,
            _ => new GcraRateLimiter(store, catalog, policy.Name, partition, time, metrics, route));
    }
}
