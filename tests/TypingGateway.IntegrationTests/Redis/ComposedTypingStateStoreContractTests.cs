using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>The contract against what the gateway uses with Redis: near cache → fallback → Redis store.</summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "Typing")]
public sealed class ComposedTypingStateStoreContractTests(RedisServerFixture redis) : TypingStateStoreContractTests, IAsyncLifetime
{
    private TypingStateInstance? _instance;

    private protected override ITypingStateStore Store => _instance!.Store;

    protected override bool ExactTime => false;

    public async Task InitializeAsync()
    {
        _instance = await TypingStateInstance.StartAsync(redis.Configuration, "contract-composed");
        await _instance.WaitUntilInvalidationsActiveAsync(); // so the near cache is really in play
    }

    public async Task DisposeAsync() => await _instance!.DisposeAsync();

    protected override Task AdvanceAsync(TimeSpan by) => Task.Delay(by);
}
