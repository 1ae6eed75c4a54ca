using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TypingGateway.Tests.Typing.State;

/// <summary>Collects the event ids and levels a component logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId EventId, LogLevel Level)> _entries = new();

    public IReadOnlyList<int> EventIds => [.. _entries.Select(e => e.EventId.Id)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((eventId, logLevel));
}
