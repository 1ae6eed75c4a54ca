using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace TypingGateway.Auth;

/// <summary>
/// On routes whose metadata names an upstream: replaces whatever <c>Authorization</c> the client sent
/// with the upstream's bearer token, and watches for the upstream's 401. On every route: removes the
/// guest ticket, which is meant for the gateway only (<see cref="GuestTicketRemoval"/>).
/// </summary>
internal sealed class UpstreamCredentialsTransformProvider(CredentialsCatalog catalog) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        // Every route, with or without credentials (issue 12, R7).
        context.AddRequestTransform(transform => GuestTicketRemoval.ApplyAsync(transform, catalog.Current.Tickets));

        if (context.Route is null || RouteCredentials.From(context.Route) is not { Upstream: not null } credentials)
        {
            return;
        }

        context.AddRequestTransform(transform =>
        {
            transform.ProxyRequest.Headers.Remove(HeaderNames.Authorization);
            if (transform.HttpContext.Features.Get<UpstreamCredentialFeature>() is { } credential)
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(HeaderNames.Authorization, credential.Token.AuthorizationValue);
            }
            else
            {
                // Unreachable while the credentials step runs first; if it ever did not, never forward without a token.
                transform.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }

            return ValueTask.CompletedTask;
        });

        context.AddResponseTransform(transform =>
        {
            if (transform.ProxyResponse?.StatusCode == System.Net.HttpStatusCode.Unauthorized
                && transform.HttpContext.Features.Get<UpstreamCredentialFeature>() is { Replayed: false } credential)
            {
                credential.Rejected = true;
                if (credential.Replayable)
                {
                    credential.ReplayPending = true;
                    transform.SuppressResponseBody = true;
                }
            }

            return ValueTask.CompletedTask;
        });
    }
}
