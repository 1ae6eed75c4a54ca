using TypingGateway.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace TypingGateway.Proxy;

/// <summary>
/// Counts the upstream's HTTP 429 answers, by route and mode: the platform rejecting guests is what the gateway exists to
/// prevent, and comparing routes (or shadow with enforce) needs it measured. The outermost step of YARP's pipeline, so
/// the status it sees after forwarding is the upstream's (the gateway's own 429s come from the rate limiter, before the
/// pipeline; no step of the pipeline answers 429 itself).
/// </summary>
internal sealed class PlatformRejectionProxyStep(RouteModes modes, GatewayMetrics metrics)
{
    public Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var forwarding = next();
        if (!forwarding.IsCompletedSuccessfully)
        {
            return CountAfterAsync(forwarding, context);
        }

        Count(context);
        return Task.CompletedTask;
    }

    private async Task CountAfterAsync(Task forwarding, HttpContext context)
    {
        await forwarding.ConfigureAwait(false);
        Count(context);
    }

    private void Count(HttpContext context)
    {
        if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests
            && context.Features.Get<IForwarderErrorFeature>() is null
            && context.Features.Get<IReverseProxyFeature>()?.Route.Config is { } route)
        {
            metrics.PlatformRejection(modes.For(route), "http");
        }
    }
}
