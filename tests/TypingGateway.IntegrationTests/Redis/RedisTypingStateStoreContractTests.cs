using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>The contract against the Redis store as production runs it: server <c>TIME</c>, real waits.</summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "Typing")]
public sealed class RedisTypingStateStoreContractTests(RedisServerFixture redis) : TypingStateStoreContractTests, IAsyncLifetime
{
    private TypingStateInstance? _instance;

    private protected override ITypingStateStore Store => _instance!.Redis;

    protected override bool ExactTime => false;

    public async Task InitializeAsync() => _instance = await TypingStateInstance.StartAsync(redis.Configuration, "contract-redis");

    public async Task DisposeAsync() => await _instance!.DisposeAsync();

    protected override Task AdvanceAsync(TimeSpan by) => Task.Delay(by);
}
