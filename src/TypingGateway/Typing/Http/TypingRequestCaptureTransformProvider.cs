using Microsoft.Net.Http.Headers;
using TypingGateway.Auth;
using TypingGateway.Proxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace TypingGateway.Typing.Http;

/// <summary>
/// On typing routes, records the final upstream request (destination, path after the route's own
/// transforms, headers) for the typing step, which sends synthesized HTTP stops the same way.
/// Providers run after the route's configured transforms, so the captured path is the rewritten one.
/// </summary>
internal sealed class TypingRequestCaptureTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.ContainsKey(RouteMetadataKeys.TypingProfile) != true)
        {
            return;
        }

        context.AddRequestTransform(transform =>
        {
            if (transform.HttpContext.Items.TryGetValue(TypingRequestCapture.ItemKey, out var item) && item is TypingRequestCapture capture)
            {
                var request = transform.ProxyRequest;
                capture.Uri = RequestUtilities.MakeDestinationAddress(transform.DestinationPrefix, transform.Path, transform.Query.QueryString);
                capture.Method = request.Method;
                capture.MediaType = request.Content?.Headers.ContentType?.ToString();
                capture.Upstream = transform.HttpContext.Features.Get<UpstreamCredentialFeature>()?.Upstream;
                capture.Headers = [.. request.Headers
                    .Where(h => capture.Upstream is null || !string.Equals(h.Key, HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase))
                    .Select(h => new KeyValuePair<string, string[]>(h.Key, [.. h.Value]))];
            }

            return ValueTask.CompletedTask;
        });
    }
}
