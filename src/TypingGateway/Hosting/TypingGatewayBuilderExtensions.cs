using TypingGateway.Auth;
using TypingGateway.Configuration;
using TypingGateway.DataProtection;
using TypingGateway.Diagnostics;
using TypingGateway.Diagnostics.Prometheus;
using TypingGateway.Proxy;
using TypingGateway.Redis;
using TypingGateway.Typing;
using TypingGateway.Typing.Http;
using TypingGateway.Typing.State;
using TypingGateway.WebSockets;

namespace TypingGateway.Hosting;

/// <summary>Registers the gateway on a <see cref="WebApplicationBuilder"/>.</summary>
public static class TypingGatewayBuilderExtensions
{
    /// <summary>
    /// Adds the gateway: configuration from the config directory (with hot reload), Serilog,
    /// YARP with the gateway's config validation, Redis, health checks, metrics and (when an OTLP
    /// endpoint is configured) OpenTelemetry.
    /// </summary>
    /// <exception cref="GatewayConfigurationException">The config directory is missing or a file in it cannot be read.</exception>
    public static WebApplicationBuilder AddTypingGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var monitor = new ConfigReloadMonitor();
        var configDirectory = GatewayConfigFiles.AddTo(builder.Configuration, builder.Environment.ContentRootPath, monitor);
        GatewayLogging.AddTo(builder);
        ManagementListener.AddTo(builder);

        var services = builder.Services;
        services.AddSingleton(new TypingGatewayMarker(configDirectory));
        services.AddSingleton(monitor);
        services.AddSingleton(TimeProvider.System);

        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RedisOptions>, RedisOptionsValidator>();

        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<PrometheusCollector>();
        GatewayTelemetry.AddTo(builder);

        services.AddOptions<WebSocketFilterOptions>().BindConfiguration(WebSocketFilterOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebSocketFilterOptions>, WebSocketFilterOptionsValidator>();
        services.AddOptions<UpgradeLimitOptions>().BindConfiguration(UpgradeLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<UpgradeLimitOptions>, UpgradeLimitOptionsValidator>();
        services.AddSingleton<UpgradeLimit>();
        services.AddSingleton<GuestSocketDrain>();
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainTimeout);
        services.AddHostedService<GatewayDrainService>();
        services.AddSingleton<OriginProxyStep>();
        services.AddSingleton<TypingProfileCatalog>();
        services.AddTypingStateStore();
        services.AddSingleton<HttpTypingStops>();
        services.AddSingleton(sp => new TypingStopDirectory(sp.GetRequiredService<RedisConnection>().IsConfigured ? sp.GetRequiredService<RedisTypingInvalidations>() : null));
        services.AddSingleton<TypingProxyStep>();

        services.AddSingleton<CredentialsCatalog>();
        services.AddSingleton<RedisTokenCache>();
        services.AddSingleton<UpstreamTokenBroker>();
        services.AddSingleton<CredentialsProxyStep>();
        services.AddGatewayRateLimiting(builder.Configuration);

        services.AddSingleton<RedisConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddHostedService<RedisWarmUp>(); // after the connection: hosted services start in order
        // After the connection too: Data Protection's hosted service loads the key ring at start.
        services.AddGatewayDataProtection();
        services.AddRedisDataProtectionKeys();
        services.AddHostedService<ConfigReloadReporter>();

        services.AddHealthChecks()
            .AddCheck<ConfigHealthCheck>("config", tags: [GatewayEndpoints.ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [GatewayEndpoints.ReadyTag])
            .AddCheck<UpstreamTokenHealthCheck>("upstream-tokens", tags: [GatewayEndpoints.ReadyTag])
            .AddCheck<DrainHealthCheck>("drain", tags: [GatewayEndpoints.ReadyTag]);

        services.AddSingleton<Yarp.ReverseProxy.Configuration.IConfigChangeListener, ProxyConfigChangeListener>();
        services.AddSingleton<RouteModes>();
        services.AddSingleton<Yarp.ReverseProxy.Configuration.IConfigChangeListener>(sp => sp.GetRequiredService<RouteModes>());
        services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<GatewayProxyConfigFilter>()
            .AddTransforms<UpstreamCredentialsTransformProvider>()
            .AddTransforms<TypingRequestCaptureTransformProvider>()
            .AddTransforms<PlatformRejectionTransformProvider>();

        return builder;
    }
}
