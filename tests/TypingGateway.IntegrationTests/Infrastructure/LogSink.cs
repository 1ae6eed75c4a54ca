using System.Collections.Concurrent;
using System.Diagnostics;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>Captures every log entry of one gateway instance so tests can assert on them (and scan them for secrets).</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    public async Task<CapturedLog> WaitForAsync(Func<CapturedLog, bool> predicate, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_entries.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"No matching log entry within {timeout.TotalSeconds:0.#} s. Entries:{Environment.NewLine}{string.Join(Environment.NewLine, _entries.TakeLast(30))}");
    }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink._entries.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}
