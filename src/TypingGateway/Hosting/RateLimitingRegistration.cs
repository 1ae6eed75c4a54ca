using Microsoft.AspNetCore.RateLimiting;
using TypingGateway.RateLimiting;
using TypingGateway.Redis;

namespace TypingGateway.Hosting;

/// <summary>
/// Registers the gateway's rate-limit policies with ASP.NET Core's rate limiter middleware (so HTTP
/// routes name them in YARP's <c>RateLimiterPolicy</c>), backed by the shared GCRA store.
/// </summary>
internal static class RateLimitingRegistration
{
    public static void AddGatewayRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RateLimitPolicyCatalog>();
        // HTTP requests may spend leased permits (LeasePermits) when Redis decides; without Redis every permit is a
        // lookup in memory, and leasing would only add error. WebSocket frames use the store one permit at a time.
        services.AddSingleton(sp => new GcraPermitLeases(sp.GetRequiredService<IGcraStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new HttpRateLimitPartitions(
            sp.GetRequiredService<RateLimitPolicyCatalog>(),
            sp.GetRequiredService<RedisConnection>().IsConfigured ? sp.GetRequiredService<GcraPermitLeases>() : sp.GetRequiredService<IGcraStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Diagnostics.GatewayMetrics>(),
            sp.GetRequiredService<Proxy.RouteModes>()));
        services.AddSingleton<RedisGcraStore>();
        services.AddSingleton<InMemoryGcraStore>();
        services.AddSingleton<IGcraStore>(sp => new FallbackGcraStore(
            sp.GetRequiredService<RedisGcraStore>(),
            sp.GetRequiredService<InMemoryGcraStore>(),
            sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<RateLimitPolicyCatalog>().Current.InstanceCount,
            sp.GetRequiredService<Diagnostics.GatewayMetrics>(),
            sp.GetRequiredService<ILogger<FallbackGcraStore>>()));
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejections.WriteHttpAsync;

            // The middleware registers policies once: a policy added to the config later needs a restart
            // (YARP then rejects a route naming it on reload, with the name in the error).
            foreach (var name in RateLimitPolicyFactory.Names(configuration))
            {
                options.AddPolicy(name, context => context.RequestServices.GetRequiredService<HttpRateLimitPartitions>().Get(name, context));
            }
        });
    }
}
