using TypingGateway.Diagnostics;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace TypingGateway.Proxy;

/// <summary>
/// Counts the upstream's HTTP 429 answers, by route and mode: the platform rejecting guests is what the gateway exists to
/// prevent, and comparing routes (or shadow with enforce) needs it measured. A response transform on every route: it sees
/// the upstream's own response (never one of the gateway's answers) and costs a delegate call, no await.
/// </summary>
internal sealed class PlatformRejectionTransformProvider(RouteModes modes, GatewayMetrics metrics) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var mode = modes.For(context.Route);
        context.AddResponseTransform(transform =>
        {
            if (transform.ProxyResponse?.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                metrics.PlatformRejection(mode, "http");
            }

            return ValueTask.CompletedTask;
        });
    }
}
