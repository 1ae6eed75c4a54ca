using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

/// <summary>Invalidations the test raises by hand, standing in for Redis pub/sub.</summary>
internal sealed class FakeTypingInvalidations : ITypingInvalidations
{
    private Action<TypingKey?>? _listeners;

    public bool Active { get; set; } = true;

    public bool EnsureActive(TypingKey key) => Active;

    public void Register(Action<TypingKey?> invalidated) => _listeners += invalidated;

    public void Raise(TypingKey? key) => _listeners?.Invoke(key);
}
