using Microsoft.Extensions.Time.Testing;
using TypingGateway.Typing.State;

namespace TypingGateway.IntegrationTests.Redis;

[Trait("Area", "Typing")]
public sealed class InMemoryTypingStateStoreContractTests : ExactTimeTypingStateStoreContractTests, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTypingStateStore _store;

    public InMemoryTypingStateStoreContractTests() => _store = new InMemoryTypingStateStore(_clock);

    private protected override ITypingStateStore Store => _store;

    public void Dispose() => _store.Dispose();

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }
}
