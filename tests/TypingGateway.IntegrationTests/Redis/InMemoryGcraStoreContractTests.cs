using Microsoft.Extensions.Time.Testing;
using TypingGateway.RateLimiting;

namespace TypingGateway.IntegrationTests.Redis;

[Trait("Area", "RateLimiting")]
public sealed class InMemoryGcraStoreContractTests : GcraStoreContractTests, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGcraStore _store;

    public InMemoryGcraStoreContractTests() => _store = new InMemoryGcraStore(_clock);

    private protected override IGcraStore Store => _store;

    public void Dispose() => _store.Dispose();

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }
}
