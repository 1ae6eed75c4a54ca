using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TypingGateway.Auth;
using TypingGateway.Configuration;
using TypingGateway.Diagnostics;
using TypingGateway.Diagnostics.Prometheus;
using TypingGateway.Proxy;
using TypingGateway.Typing;

namespace TypingGateway.Hosting;

/// <summary>Maps the gateway's endpoints and the proxy on a built <see cref="WebApplication"/>.</summary>
public static partial class TypingGatewayApplicationExtensions
{
    /// <summary>
    /// Validates the whole configuration (options and proxy routes/clusters) and maps health,
    /// metrics and the proxy.
    /// </summary>
    /// <exception cref="GatewayConfigurationException">Lists every configuration error found.</exception>
    public static WebApplication UseTypingGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var marker = app.Services.GetService<TypingGatewayMarker>()
            ?? throw new InvalidOperationException("Call builder.AddTypingGateway() before app.UseTypingGateway().");

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TypingGateway.Hosting");
        var errors = new List<string>();
        try
        {
            // Options validation would otherwise only run at StartAsync, after the proxy errors.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            errors.AddRange(ConfigErrors.Flatten(ex));
        }

        errors.AddRange(app.Services.GetRequiredService<TypingProfileCatalog>().StartupErrors);
        errors.AddRange(app.Services.GetRequiredService<CredentialsCatalog>().StartupErrors);
        errors.AddRange(app.Services.GetRequiredService<RateLimiting.RateLimitPolicyCatalog>().StartupErrors);

        // The request line first, so that its duration covers routing and everything after it; routing is
        // placed explicitly after it (WebApplication would otherwise put routing before any middleware).
        GatewayLogging.UseRequestLogging(app);
        app.UseRouting();
        ManagementListener.UseManagementPort(app);
        MapGatewayEndpoints(app);

        // After routing, so routes' RateLimiterPolicy metadata is seen.
        app.UseRateLimiter();
        try
        {
            // YARP loads and validates routes and clusters here, synchronously. The pipeline is YARP's
            // default one after the gateway's steps: admission first (the route's allowed origins, then the
            // cap on WebSocket connections), then guest ticket and token (nothing is forwarded,
            // nor typing state touched, without them), then typing (collapsed requests never reach load
            // balancing), then the 401 renew-and-replay around the forwarding. The steps are resolved on
            // first use: they depend on options (Redis) whose errors are reported above with the proxy's.
            var typing = new Lazy<TypingProxyStep>(app.Services.GetRequiredService<TypingProxyStep>);
            var credentials = new Lazy<CredentialsProxyStep>(app.Services.GetRequiredService<CredentialsProxyStep>);
            var tracing = app.Services.GetRequiredService<GatewayTracing>();
            var origins = app.Services.GetRequiredService<OriginProxyStep>();
            var upgrades = new Lazy<WebSockets.UpgradeLimit>(app.Services.GetRequiredService<WebSockets.UpgradeLimit>);
            app.MapReverseProxy(proxy =>
            {
                if (tracing.Enabled)
                {
                    // Only with telemetry on: otherwise not even a delegate call per request.
                    proxy.Use((HttpContext context, RequestDelegate next) =>
                    {
                        tracing.TagRoute(context.GetReverseProxyFeature().Route.Config.RouteId);
                        return next(context);
                    });
                }

                // The (HttpContext, RequestDelegate) form: the (HttpContext, Func<Task>) one allocates a closure and a
                // delegate per step per request (and holds them for a WebSocket's whole life).
                proxy.Use(origins.InvokeAsync);
                proxy.Use((HttpContext context, RequestDelegate next) => upgrades.Value.InvokeAsync(context, next));
                proxy.Use((HttpContext context, RequestDelegate next) => credentials.Value.AuthorizeAsync(context, next));
                proxy.Use((HttpContext context, RequestDelegate next) => typing.Value.InvokeAsync(context, next));
                proxy.Use((HttpContext context, RequestDelegate next) => credentials.Value.ForwardAsync(context, next));
                proxy.UseSessionAffinity();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
            });
        }
        catch (InvalidOperationException ex)
        {
            errors.AddRange(ConfigErrors.Flatten(ex));
        }

        if (errors.Count > 0)
        {
            Log.InvalidConfiguration(logger, marker.ConfigDirectory, errors.Count, errors);
            throw new GatewayConfigurationException(errors);
        }

        Log.Started(logger, marker.ConfigDirectory);
        if (app.Services.GetService<OtlpTarget>() is { } otlp)
        {
            Log.ExportingTelemetry(logger, otlp.DisplayEndpoint);
        }

        return app;
    }

    private static void MapGatewayEndpoints(WebApplication app)
    {
        // Resolved at the first scrape, not here: the Redis connection's options may be among the errors reported below.
        var redis = new Lazy<Redis.RedisConnection>(app.Services.GetRequiredService<Redis.RedisConnection>);
        var drain = app.Services.GetRequiredService<WebSockets.GuestSocketDrain>();
        app.Services.GetRequiredService<GatewayMetrics>().ObserveState(RedisAvailable, () => drain.IsDraining);

        bool? RedisAvailable()
        {
            try
            {
                return redis.Value.IsConfigured ? redis.Value.Outage.IsAvailable : null;
            }
            catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
            {
                return null; // the connection could not be built: the configuration errors say why
            }
        }

        app.MapHealthChecks(GatewayEndpoints.Live, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).WithMetadata(ManagementEndpointMetadata.Instance);
        app.MapHealthChecks(GatewayEndpoints.Ready, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(GatewayEndpoints.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).WithMetadata(ManagementEndpointMetadata.Instance);

        var metrics = app.Services.GetRequiredService<GatewayMetrics>();
        var tokens = new Lazy<UpstreamTokenBroker>(app.Services.GetRequiredService<UpstreamTokenBroker>);
        app.MapGet(GatewayEndpoints.Summary, context => GatewaySummaryWriter.WriteAsync(context, metrics, tokens.Value))
            .WithMetadata(ManagementEndpointMetadata.Instance);

        var metricsPath = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Path;
        var collector = app.Services.GetRequiredService<PrometheusCollector>();
        app.MapGet(metricsPath, async context =>
        {
            context.Response.ContentType = PrometheusCollector.ContentType;
            await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            collector.Write(writer);
            await context.Response.WriteAsync(writer.ToString(), context.RequestAborted).ConfigureAwait(false);
        }).WithMetadata(ManagementEndpointMetadata.Instance);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, Level = LogLevel.Critical,
            Message = "Invalid configuration in {ConfigDirectory}: {ErrorCount} error(s): {Errors}")]
        public static partial void InvalidConfiguration(ILogger logger, string configDirectory, int errorCount, IReadOnlyList<string> errors);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "TypingGateway configured from {ConfigDirectory}.")]
        public static partial void Started(ILogger logger, string configDirectory);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Exporting OpenTelemetry traces and metrics over OTLP to {Endpoint}.")]
        public static partial void ExportingTelemetry(ILogger logger, string endpoint);
    }
}
