using TypingGateway.Typing.State;

namespace TypingGateway.Tests.Typing.State;

/// <summary>Invalidations the test raises by hand, standing in for Redis pub/sub.</summary>
internal sealed class FakeTypingInvalidations : ITypingInvalidations
{
    private Action<TypingKey?>? _listeners;

    public bool Active { get; set; } = true;

    /// <summary>Keys whose channel is not live (on a Redis Cluster each slot has its own), though <see cref="Active"/> is true.</summary>
    public HashSet<TypingKey> Inactive { get; } = [];

    public bool EnsureActive(TypingKey key) => Active && !Inactive.Contains(key);

    public void Register(Action<TypingKey?> invalidated) => _listeners += invalidated;

    public void Raise(TypingKey? key) => _listeners?.Invoke(key);
}
