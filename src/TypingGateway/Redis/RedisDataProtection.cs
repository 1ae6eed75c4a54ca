using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
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
        services.AddOptions<KeyManagementOptions>().Configure<RedisConnection, IOptions<RedisOptions>>((keys, connection, options) =>
        {
            if (connection.IsConfigured)
            {
                // The multiplexer only exists once RedisConnection has started: read it on each call.
                keys.XmlRepository = new RedisXmlRepository(() => Database(connection), DataProtectionRedisKeys.KeyRing(options.Value.KeyPrefix));
            }
        });
        services.AddHostedService<RedisKeyRingCheck>();
        return services;
    }

    private static IDatabase Database(RedisConnection connection) =>
        connection.Multiplexer?.GetDatabase()
        ?? throw new InvalidOperationException("The Data Protection key ring was read before the Redis connection started.");
}
