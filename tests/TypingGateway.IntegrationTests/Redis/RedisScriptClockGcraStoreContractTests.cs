using Microsoft.Extensions.Time.Testing;
using TypingGateway.IntegrationTests.Infrastructure;
using TypingGateway.RateLimiting;

namespace TypingGateway.IntegrationTests.Redis;

/// <summary>The contract against the Redis script with "now" from a test clock instead of <c>TIME</c>.</summary>
[Collection(RedisCollection.Name)]
[Trait("Area", "RateLimiting")]
public sealed class RedisScriptClockGcraStoreContractTests(RedisServerFixture redis) : GcraStoreContractTests, IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private GcraStoreInstance? _instance;

    private protected override IGcraStore Store => _instance!.Redis;

    public async Task InitializeAsync() =>
        _instance = await GcraStoreInstance.StartAsync(redis.Configuration, "gcra-contract-clock", scriptClock: _clock);

    public async Task DisposeAsync() => await _instance!.DisposeAsync();

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }
}
