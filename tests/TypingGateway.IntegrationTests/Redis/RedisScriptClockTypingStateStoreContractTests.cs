using Microsoft.Extensions.Time.Testing;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.Redis;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>
/// The contract against the Redis scripts with "now" from a test clock instead of <c>TIME</c>: the same Lua,
/// but boundaries (exactly one interval later, exactly idle long enough) can be asserted to the millisecond.
/// </summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "Typing")]
public sealed class RedisScriptClockTypingStateStoreContractTests(RedisServerFixture redis) : ExactTimeTypingStateStoreContractTests, IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private TypingStateInstance? _instance;
    private RedisTypingStateStore? _store;

    private protected override ITypingStateStore Store => _store!;

    public async Task InitializeAsync()
    {
        _instance = await TypingStateInstance.StartAsync(redis.Configuration, "contract-clock");
        _store = new RedisTypingStateStore(_instance.Connection, _instance.Options, _instance.Metrics, TimeProvider.System, _clock);
    }

    public async Task DisposeAsync() => await _instance!.DisposeAsync();

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }
}
