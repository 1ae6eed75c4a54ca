using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace TypingGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Captures every log entry of one gateway instance so tests can assert on them (and scan them for secrets).
/// A gateway host registers it as a Serilog sink, so it receives what the product's pipeline writes after its
/// redaction: a <c>FakeLogger</c> would sit beside Serilog and see the unredacted entries, so the secret scans
/// would test nothing. Components built without a host use the packaged <c>FakeLogger</c>.
/// </summary>
public sealed class LogSink : ILogEventSink
{
    // As the console renders it: strings without quotes.
    private static readonly MessageTemplateTextFormatter _message = new("{Message:lj}", CultureInfo.InvariantCulture);
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public void Emit(LogEvent logEvent) => _entries.Enqueue(new CapturedLog(
        Level(logEvent.Level),
        logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string category } ? category : string.Empty,
        EventIdOf(logEvent),
        Render(logEvent),
        logEvent.Exception,
        string.Join("; ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"))));

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

    private static string Render(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        _message.Format(logEvent, writer);
        return writer.ToString();
    }

    private static LogLevel Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    // Serilog.Extensions.Logging (and the request line) carry the event id as a structure { Id, Name }.
    private static EventId EventIdOf(LogEvent logEvent)
    {
        if (!logEvent.Properties.TryGetValue(nameof(EventId), out var value) || value is not StructureValue structure)
        {
            return default;
        }

        var id = structure.Properties.FirstOrDefault(p => p.Name == nameof(EventId.Id))?.Value is ScalarValue { Value: int number } ? number : 0;
        var name = structure.Properties.FirstOrDefault(p => p.Name == nameof(EventId.Name))?.Value is ScalarValue { Value: string text } ? text : null;
        return new EventId(id, name);
    }
}
