using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypingGateway.Diagnostics;
using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

[Trait("Area", "Typing")]
public sealed class TypingStateServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddTypingStateStore_NoRedisConfigured_InMemoryStore()
    {
        await using var services = Build(configuration: null);

        Assert.IsType<InMemoryTypingStateStore>(services.GetRequiredService<ITypingStateStore>());
    }

    [Fact]
    public async Task AddTypingStateStore_RedisConfigured_NearCacheOverFallback()
    {
        await using var services = Build(configuration: "127.0.0.1:1");

        var store = services.GetRequiredService<ITypingStateStore>();

        Assert.IsType<NearCacheTypingStateStore>(store);
        Assert.Same(store, services.GetRequiredService<ITypingStateStore>());
    }

    private static ServiceProvider Build(string? configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddOptions<RedisOptions>().Configure(o => o.Configuration = configuration);
        services.AddSingleton<RedisConnection>();
        services.AddTypingStateStore();
        return services.BuildServiceProvider();
    }
}
