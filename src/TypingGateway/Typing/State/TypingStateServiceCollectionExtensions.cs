using Microsoft.Extensions.DependencyInjection.Extensions;
using TypingGateway.Diagnostics;
using TypingGateway.Redis;

namespace TypingGateway.Typing.State;

/// <summary>Registers the typing state store.</summary>
internal static class TypingStateServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITypingStateStore"/>: with no Redis configured (single-instance mode) the
    /// in-memory store; otherwise near cache → fallback → (Redis store, in-memory store), with the near cache
    /// fed by Redis pub/sub invalidations. Needs <see cref="RedisConnection"/>, <see cref="GatewayMetrics"/>
    /// and a <see cref="TimeProvider"/> to be registered as well (the gateway's Add* does that).
    /// </summary>
    public static IServiceCollection AddTypingStateStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryTypingStateStore>();
        services.TryAddSingleton<RedisTypingStateStore>();
        services.TryAddSingleton<RedisTypingInvalidations>();
        services.TryAddSingleton(sp => new FallbackTypingStateStore(
            sp.GetRequiredService<RedisTypingStateStore>(),
            sp.GetRequiredService<InMemoryTypingStateStore>(),
            sp.GetRequiredService<GatewayMetrics>(),
            sp.GetRequiredService<ILogger<FallbackTypingStateStore>>()));
        services.TryAddSingleton(sp => new NearCacheTypingStateStore(
            sp.GetRequiredService<FallbackTypingStateStore>(),
            sp.GetRequiredService<RedisTypingInvalidations>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITypingStateStore>(sp => sp.GetRequiredService<RedisConnection>().IsConfigured
            ? sp.GetRequiredService<NearCacheTypingStateStore>()
            : sp.GetRequiredService<InMemoryTypingStateStore>());
        return services;
    }
}
