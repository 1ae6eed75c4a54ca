using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace TypingGateway.Redis;

/// <summary>
/// Keeps the Data Protection key ring in Redis when Redis is configured, so every replica protects
/// and unprotects (YARP's <c>Cookie</c> affinity cookie, for one) with the same keys.
/// </summary>
internal static class RedisDataProtection
{
    public static IServiceCollection AddRedisDataProtectionKeys(this IServiceCollection services)
    {
        // Data Protection's key manager reads these options while YARP's middleware is built, before the
        // start-up validation that reports every configuration error at once: read the Redis settings
        // unvalidated here (an invalid one stops the start anyway), and the connection only when used.
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) =>
        {
            var redis = sp.GetRequiredService<IConfiguration>().GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
            if (!string.IsNullOrWhiteSpace(redis.Configuration))
            {
                // The multiplexer only exists once RedisConnection has started: read it on each call.
                keys.XmlRepository = new RedisXmlRepository(
                    () => Database(sp.GetRequiredService<RedisConnection>()),
                    DataProtectionRedisKeys.KeyRing(redis.KeyPrefix));
            }
        });
        services.AddHostedService<RedisKeyRingCheck>();
        return services;
    }

    private static IDatabase Database(RedisConnection connection) =>
        connection.Multiplexer?.GetDatabase()
        ?? throw new InvalidOperationException("The Data Protection key ring was read before the Redis connection started.");
}
